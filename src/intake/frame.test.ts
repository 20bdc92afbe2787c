import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CsvFramer, detectDelimiter, type Framed, MAX_RECORD_BYTES } from "./frame.ts";

function frame(input: string | Buffer, chunkSizes: number[] = [input.length + 1]) {
  const bytes = Buffer.isBuffer(input) ? input : Buffer.from(input);
  const framer = new CsvFramer();
  const out: Framed[] = [];
  let at = 0;
  let i = 0;
  while (at < bytes.length) {
    const size = Math.max(1, chunkSizes[i++ % chunkSizes.length] ?? 1);
    out.push(...framer.push(bytes.subarray(at, at + size)));
    at += size;
  }
  out.push(...framer.end());
  return out.map((f) =>
    f.kind === "record" ? `${f.line}:${f.bytes.toString("utf8")}` : `${f.line}!${f.code}`,
  );
}

describe("detectDelimiter", () => {
  it("picks the more frequent of , and ;", () => {
    expect(detectDelimiter(Buffer.from("external_id;email;name"))).toBe(";");
    expect(detectDelimiter(Buffer.from("external_id,email"))).toBe(",");
    expect(detectDelimiter(Buffer.from("external_id"))).toBe(",");
  });
});

describe("CsvFramer", () => {
  it("numbers records by the physical line they start on and skips blank lines", () => {
    expect(frame('a,b\r\n1,"x\r\ny"\r\n\r\n   \r\n2,z')).toEqual(["1:a,b", '2:1,"x\r\ny"', "6:2,z"]);
  });

  it("strips a UTF-8 byte-order mark and refuses UTF-16", () => {
    expect(frame("\uFEFFa;b\n1;2\n")).toEqual(["1:a;b", "2:1;2"]);
    expect(() => frame(Buffer.from([0xff, 0xfe, 0x61, 0x00]))).toThrow(/UTF-16/);
  });

  it("loses only the row with an unclosed quote", () => {
    expect(frame('h,n\n1,"Jansen, Piet\n2,Bakker\n3,"Vries"\n')).toEqual([
      "1:h,n",
      "2!quote-text-after",
      "3:2,Bakker",
      '4:3,"Vries"',
    ]);
    expect(frame('h,n\n1,"Jansen\n2,Bakker\n3,Smit\n')).toEqual([
      "1:h,n",
      "2!quote-unclosed",
      "3:2,Bakker",
      "4:3,Smit",
    ]);
  });

  it("refuses a multi-line record whose field count does not match the header's", () => {
    expect(frame('h,n\n1,"a\n2,b",c\n3,d\n')).toEqual(["1:h,n", "2!quote-unclosed", '3:2,b",c', "4:3,d"]);
  });

  it("keeps quotes inside an unquoted field and refuses text after a closing quote", () => {
    expect(frame('h,n\n1,Jan "de" Vries\n2,"Bakker"x\n3, "Smit" \n')).toEqual([
      "1:h,n",
      '2:1,Jan "de" Vries',
      "3!quote-text-after",
      '4:3, "Smit" ',
    ]);
  });

  it("refuses an over-long row without buffering it and goes on", () => {
    const huge = "x".repeat(1024 * 1024);
    expect(frame(`h,n\n1,${huge}\n2,ok\n`, [4096])).toEqual(["1:h,n", "2!row-too-long", "3:2,ok"]);
    // The broken record spans lines, so reading resumes on its second line.
    expect(frame(`h,n\n1,"${"y\n".repeat(2)}${"z".repeat(MAX_RECORD_BYTES)}"\n2,ok\n`, [4096])).toEqual([
      "1:h,n",
      "2!row-too-long",
      "3:y",
      "4!row-too-long",
      "5:2,ok",
    ]);
  });

  it("reports a row that is not UTF-8", () => {
    const bytes = Buffer.concat([Buffer.from("h,n\n1,Jos"), Buffer.from([0xe9]), Buffer.from("\n2,Ann\n")]);
    expect(frame(bytes)).toEqual(["1:h,n", "2!encoding", "3:2,Ann"]);
  });

  it("gives the same records however the input is cut into chunks", () => {
    const sample =
      '\uFEFFexternal_id;name;email\r\n1;"a;b" ;p@x.nl\r\n\r\n2;"Bak""ker";b@x.nl\n3;"open;x\n4;Smit;s@x.nl\n5;"multi\nline";m@x.nl\n6;Jos\u00e9;j@x.nl';
    const whole = frame(sample);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1, maxLength: 8 }), (sizes) => {
        expect(frame(sample, sizes)).toEqual(whole);
      }),
    );
  });
});
