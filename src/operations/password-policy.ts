/**
 * The staff password rule (NIST SP 800-63B: length over composition): at least 12 characters, at most 200,
 * and not a very common password. "Common" is checked two ways: against a short list of passwords that
 * top leaked-password lists hold at 12 characters or more, and by taking the digits and symbols off the ends
 * and looking at what is left — a common word, a keyboard row, one character repeated or a plain run
 * ("Wachtwoord2026!", "qwertyuiop12", "aaaaaaaaaaaa", "123456789012"). No composition rules: they make
 * passwords harder to remember, not to guess.
 */

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

/** Whole passwords from the top of published leaked-password lists that are 12 characters or longer. */
const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  "123456789012",
  "1234567890123",
  "12345678901234",
  "123456123456",
  "123123123123",
  "111111111111",
  "000000000000",
  "qwertyuiop12",
  "qwertyuiop123",
  "qwerty123456",
  "1q2w3e4r5t6y",
  "1qaz2wsx3edc",
  "qazwsxedcrfv",
  "zaq12wsxcde3",
  "passwordpassword",
  "password1234",
  "password12345",
  "password123!",
  "iloveyou1234",
  "letmeinletmein",
  "welcome12345",
  "wachtwoord123",
  "wachtwoord1234",
  "welkom123456",
  "abcdefghijkl",
  "abc123abc123",
  "asdfghjkl123",
  "princess1234",
  "sunshine1234",
  "football1234",
  "baseball1234",
  "trustno1trustno1",
  "correcthorsebatterystaple",
  "lekwijzer123",
]);

/** Words that, with only digits or symbols around them, make a guessable password. */
const COMMON_WORDS: ReadonlySet<string> = new Set([
  "password",
  "passw0rd",
  "wachtwoord",
  "welkom",
  "welcome",
  "geheim",
  "secret",
  "letmein",
  "iloveyou",
  "admin",
  "administrator",
  "qwerty",
  "qwertyuiop",
  "azerty",
  "asdfghjkl",
  "zxcvbnm",
  "abcdef",
  "abcdefgh",
  "lekwijzer",
  "datalek",
  "voorjaar",
  "zomer",
  "herfst",
  "winter",
  "januari",
  "december",
  "monkey",
  "dragon",
  "football",
  "voetbal",
  "ajax",
  "feyenoord",
  "princess",
  "sunshine",
  "changeme",
  "veranderen",
]);

/** True for a run like "abcdefghijkl" or "987654321098" (each character one more or one less than the last). */
function isRun(text: string): boolean {
  if (text.length < 4) return false;
  const step = (text.codePointAt(1) ?? 0) - (text.codePointAt(0) ?? 0);
  if (Math.abs(step) !== 1) return false;
  for (let i = 2; i < text.length; i++) {
    const diff = (text.codePointAt(i) ?? 0) - (text.codePointAt(i - 1) ?? 0);
    // Digits wrap (…8 9 0 1…).
    if (diff !== step && !(/\d/.test(text[i] ?? "") && Math.abs(diff) === 9)) return false;
  }
  return true;
}

/** What is wrong with a new password, in Dutch and English; undefined when it is good enough. */
export function passwordProblem(password: string): { nl: string; en: string } | undefined {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH)
    return {
      nl: `Kies een wachtwoord van minstens ${PASSWORD_MIN_LENGTH} tekens.`,
      en: `Choose a password of at least ${PASSWORD_MIN_LENGTH} characters.`,
    };
  if (length > PASSWORD_MAX_LENGTH)
    return {
      nl: `Kies een wachtwoord van hoogstens ${PASSWORD_MAX_LENGTH} tekens.`,
      en: `Choose a password of at most ${PASSWORD_MAX_LENGTH} characters.`,
    };
  const lower = password.toLowerCase();
  const core = lower.replace(/^[^a-z]+|[^a-z]+$/g, "");
  const distinct = new Set(lower).size;
  if (
    COMMON_PASSWORDS.has(lower) ||
    COMMON_WORDS.has(core) ||
    distinct < 4 ||
    isRun(lower) ||
    /^(.{1,6})\1+$/.test(lower)
  )
    return {
      nl: "Dit wachtwoord komt te vaak voor en is makkelijk te raden. Kies een ander, bijvoorbeeld een paar losse woorden achter elkaar.",
      en: "This password is too common and easy to guess. Choose another, for example a few unrelated words in a row.",
    };
  return undefined;
}
