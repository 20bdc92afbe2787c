import { Readable } from "node:stream";
import { importVictimFile, createInMemorySinkForTests } from "./src/intake/index.ts";
import { readFileSync } from "node:fs";
const csv = `external_id;email;phone;name;street;house_number;postcode;city;categories;flags;contact_role;contact_name;contact_email;favourite_colour
A1;Jan@Example.ORG;06-1234 5678;Jan Jansen;Dorpsstraat;12a;1234ab;Utrecht;email|iban;senior;;;;blue
A2;bad@@x;;;;;;;emial;;;;;
A3;"x@example.org\r\nBcc: y@example.org";+32 470 12 34 56;;;;;;;;;;;
A1;jan@example.org;;Jan;;;;;;;;;;
A4;p@example.org;;;;;;;;minor;;Ouder;ouder@example.org;
A5;=cmd@example.org;;;;;;;;deceased;guardian;;;
`;
const sink = createInMemorySinkForTests();
const out = await importVictimFile(Readable.from([Buffer.from(csv)]), { breachCategories: ["email", "iban", "name"], sink, report: "/tmp/intake-exp/r.csv" });
console.log(out);
console.log(readFileSync("/tmp/intake-exp/r.csv", "utf8"));
console.log(JSON.stringify(sink.written.map(r=>r.victim)).slice(0,1500));
