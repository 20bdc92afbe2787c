// Version of the framework content. Bump on every content change and add a changelog entry, so assessments
// and notices can say which version of the framework they used.
import type { ChangelogEntry } from "./schema.ts";

export const FRAMEWORK_VERSION = "2026.2";

export const CHANGELOG: readonly ChangelogEntry[] = [
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
      "Issue 19: new victim flag 'endangered' (in physical danger because of the breach; given to everyone a breach's physicalSafety fact covers) and new step 'safety-first' (112, police, the organisation's safety contact, Veilig Thuis, a safe way to be reached), which leads the plan of anyone facing physical danger; the flag also triggers personal safety, victim support and reporting to the police.",
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
