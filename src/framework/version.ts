// Version of the framework content. Bump on every content change and add a changelog entry, so assessments
// and notices can say which version of the framework they used.
import type { ChangelogEntry } from "./schema.ts";

export const FRAMEWORK_VERSION = "2026.3";

export const CHANGELOG: readonly ChangelogEntry[] = [
  {
    version: "2026.3",
    date: "2026-12-03",
    changes: [
      "Leaked identity-document number: no longer says that nobody can pretend to be you with only the number. Misuse is harder than with a copy but possible (RvIG, February 2021: accounts and phone contracts can be opened with a copy or a document number). A worried person can report it to the municipality, which blocks the number; the old document is handed in and a new one costs the normal fee (municipal pages under the passport regulations, checked 2026-12-03). The step's id stays id-number-no-new-document: a new document is still not required.",
      "New identity document after a leaked copy: says that the municipality charges its normal fee, and asks the organisation that leaked to pay it (municipal pages, checked 2026-12-03).",
      "KopieID and paper copies: an employer, bank or notary may need every detail, so strike out nothing for them and only add who the copy is for and the date (Rijksoverheid news on the KopieID app, 10 July 2019; Autoriteit Persoonsgegevens, 'Kopie van uw ID-bewijs'); the BSN can also be in the strip of letters and numbers at the bottom (overheid.nl identity-fraud tips).",
      "SIM swap: ask your provider whether you can set an extra password or PIN, since not every provider offers one; call your bank too. It is now 'do now' when the phone number leaked with a date of birth, BSN or identity-document data, which a provider's helpdesk uses to check a caller (Odido's SIM-swap page, checked 2026-12-03); phone alone stays 'watch'.",
      "Phishing: letters are a channel too (fake bank and DigiD letters with QR codes, police warnings of November 2020 and May 2021); do not scan a QR code from a letter.",
      "Mass claims: in the Netherlands people are often included in a collective action (WAMCA) without signing up; a claims organisation usually keeps 10 to 25 percent of any compensation, on a no-cure-no-pay basis (Consumentenbond, 'Consumentenbond en massaclaims', checked 2026-12-03).",
      "BKR: registers only loans over 250 euros that run longer than a month, so small pay-later debts do not show; the source is now BKR's own answer about your own overview instead of a page about a deceased person's registration (bkr.nl, checked 2026-12-03).",
      "CMI: reports go through the web form and get an answer by e-mail within 2 working days; the phone line 088-900 10 00 (local rate) is for questions (rvig.nl CMI page and report form; Rijksoverheid contact guide, checked 2026-12-03).",
      "BSN: also on the driving licence (Rijksoverheid, 'Waar staat mijn BSN op mijn rijbewijs?', checked 2026-12-03).",
      "Juridisch Loket: the phone note no longer names a per-minute fee, which the current page does not state; it says only that calling the 0900 number is not free (juridischloket.nl, checked 2026-12-03).",
      "New triggers: a date of birth leaked together with an address brings the unjustified-debt-collection and BKR steps (orders and loans in someone else's name; BKR records name, date of birth and address); a phone number brings two-step login, including WhatsApp's own two-step verification and never passing on a code (police and Consumentenbond warnings on WhatsApp takeovers); health, political, sexual-orientation and criminal-record data bring a new step: do not pay a blackmailer, report it to the police (Helpwanted and the police advise never to meet a blackmailer's demands). Triggers can now require a second category (withCategories).",
      "Plain language: rewrote the password-hash and criminal-record explanations, the CMI and new-document texts, and the direct-debit sentences; the jargon list now blocks 'achterhalen', 'uit voorzorg' and 'zo nodig' and warns on 'afschrijving' and 'versleuteling'.",
      "Re-checked against their own pages on 2026-12-03: CMI, Fraudehelpdesk, Juridisch Loket, Autoriteit Persoonsgegevens, municipality (gemeente), Helpwanted and BKR. Slachtofferhulp, police, bank rules and Veilig Thuis keep their 2026-11-29 check.",
      "New victim flag 'endangered' (in physical danger because of the breach; given to everyone a breach's physicalSafety fact covers) and new step 'safety-first' (112, police, the organisation's safety contact, Veilig Thuis, a safe way to be reached), which leads the plan of anyone facing physical danger; the flag also triggers personal safety, victim support and reporting to the police.",
    ],
  },
  {
    version: "2026.2",
    date: "2026-11-29",
    changes: [
      "Corrected after checking the organisations' own sites: any direct debit can be reversed within 8 weeks, one never authorised within 13 months through the bank; the police's Check je hack searches only data from police investigations, answers only by e-mail, and silence does not mean safe; the Juridisch Loket gives free personal advice only to people with a low income and its phone line costs money; the Autoriteit Persoonsgegevens has a free phone line and a postal address, complaints go to the organisation first and it awards no compensation; the CMI is now the Centraal Meldpunt Identiteitsfraude and is linked to its own page; online police reports exist for some crimes only; compensation for worry and stress must be proven and Dutch courts have awarded little or nothing.",
      "A new identity document is advised only when a copy leaked; a leaked document number gets its own step. Sensitive (special-category) data also brings more convincing phishing.",
      "New steps: fake bank-helpdesk calls (for everyone), how to recognise a genuine message about the breach (for everyone), SIM swap, a free BKR check, unjustified debt collection, protecting future copies of an ID (KopieID app), help with leaked photos and sextortion (Helpwanted); Veilig Thuis for people who hide their address; mass claims; never download leaked data.",
      "New help organisations: Helpwanted, Veilig Thuis, Stichting BKR. Every help organisation has a public https source and a checkedAt date no older than a year before the release; the content check enforces both.",
      "Plain language: no more 'sessiecode', 'functionaris gegevensbescherming', 'bekendheid van adres' or 'in dit bericht' on pages without a message; the jargon list has these words; natural English ('This information about you was leaked').",
      "The jargon word 'functionaris gegevensbescherming' now blocks a text instead of warning (say 'privacy-adviseur').",
    ],
  },
  {
    version: "2026.1",
    date: "2026-11-28",
    changes: [
      "First version: data categories, risks, steps, help organisations, victim flags, required information elements with template texts and subject lines, B1 jargon list.",
      "Based on the 2026 letter to the House of Representatives on the framework for victims of large data breaches, GDPR art. 33/34, EDPB guidelines 9/2022 and the ENISA severity method (2013).",
    ],
  },
];
