/**
 * Console staff for tests: people made with an enrolled TOTP secret, and signed in through the real log-in
 * steps (password, then the code), each log-in a time step later than the one before so no code is played
 * twice. A sign-in gives the session cookie and the session's form token, as a page's forms carry it.
 */
import { Secret, TOTP } from "otpauth";
import { type Actor, staffActor } from "../../src/operations/actor.ts";
import { operatorActor } from "../../src/operations/index.ts";
import { createStaff } from "../../src/operations/staff.ts";
import { staffCodeStep, staffPasswordStep, staffSession } from "../../src/operations/staff-login.ts";
import { type StaffAccount, staffAccounts } from "../../src/store/index.ts";
import type { TestDatabase } from "../../src/store/testing.ts";

export const STAFF_PASSWORD = "groene trein rijdt langzaam";

export interface SignedIn {
  /** The Cookie header value. */
  cookie: string;
  /** The session's form token (the hidden `formulier` field). */
  token: string;
}

/** A cast of staff for one database: `add` them, then `signIn` as any of them. `tag` keeps addresses apart. */
export function staffPeople(database: () => TestDatabase, tag: string) {
  const people = new Map<string, { account: StaffAccount; email: string; secret: string }>();
  let step = 0;
  const found = (name: string) => {
    const person = people.get(name);
    if (!person) throw new Error(`no staff member ${name}`);
    return person;
  };
  return {
    async add(name: string, organisationId: string | null, roles: string[]): Promise<StaffAccount> {
      const db = database();
      const email = `${name}-${tag}@example.org`;
      const { account } = await createStaff(db, operatorActor("os:test", organisationId), {
        email,
        displayName: name,
        roles,
        password: STAFF_PASSWORD,
      });
      const secret = new Secret({ size: 20 }).base32;
      await staffAccounts.setPendingTotp(db.db, db.keys, account.id, secret);
      await staffAccounts.confirmTotp(db.db, account.id, new Date());
      const stored = await staffAccounts.get(db.db, db.keys, organisationId, account.id);
      if (!stored) throw new Error("staff member not stored");
      people.set(name, { account: stored, email, secret });
      return stored;
    },
    account: (name: string): StaffAccount => found(name).account,
    actor: (name: string): Actor => staffActor(found(name).account),
    email: (name: string): string => found(name).email,
    /** The person's TOTP secret, as their authenticator app holds it. */
    totpSecret: (name: string): string => found(name).secret,
    async signIn(name: string): Promise<SignedIn> {
      const db = database();
      const person = found(name);
      const at = new Date(Date.now() + ++step * 30_000);
      const first = await staffPasswordStep(db, { email: person.email, password: STAFF_PASSWORD }, at);
      if (!first.ok) throw new Error(`password of ${name} refused`);
      const code = new TOTP({ secret: Secret.fromBase32(person.secret) }).generate({
        timestamp: at.getTime(),
      });
      const second = await staffCodeStep(db, first.token, code, at);
      if (!second.ok) throw new Error(`code of ${name} refused: ${second.reason}`);
      const session = await staffSession(db, second.token);
      return { cookie: `lekwijzer-console=${second.token}`, token: session?.formToken ?? "" };
    },
  };
}
