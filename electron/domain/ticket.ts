// Ticket (receipt) numbers: `<kioskId>-<yyyymmdd>-<seq>`, e.g. `DQ01-20250612-0042`. The request
// service issues them and prints them on the receipt with the ticket's tracking code (6 digits,
// random: ticket numbers are sequential and guessable, the code is what proves the receipt is in
// hand) and a QR of `DQT2.<ticket>.<code>`. The scan parser recognizes that QR, the earlier
// `DQT1.<ticket>` (receipts printed before tracking codes: status only) and a bare keyed ticket.
// Pure and Node-free.

/** Prefix of the receipt QR's text (with the tracking code). */
export const TICKET_QR_PREFIX = 'DQT2.';
/** Prefix of receipts printed before tracking codes: the ticket alone. */
export const LEGACY_TICKET_QR_PREFIX = 'DQT1.';

/** A ticket's tracking code: six digits, printed on the receipt and carried in its QR. */
export const TRACK_CODE_RE = /^\d{6}$/;

/** A tracking code as keyed (spaces, full-width digits allowed), or null when it is not one. */
export function normalizeTrackCode(text: string): string | null {
  const code = text.normalize('NFKC').replace(/[\s-]/g, '');
  return TRACK_CODE_RE.test(code) ? code : null;
}

/** How the receipt prints the code: `482 913`. */
export function formatTrackCode(code: string): string {
  return `${code.slice(0, 3)} ${code.slice(3)}`;
}

/** Kiosk ids follow the `kioskId` config key: 2–12 capital letters or digits. */
const TICKET_RE = /^([A-Z0-9]{2,12})-(\d{4})(\d{2})(\d{2})-(\d{4,6})$/;

export interface Ticket {
  /** The whole ticket number as printed. */
  ticket: string;
  kioskId: string;
  /** The issuing day, YYYY-MM-DD (the kiosk's local date). */
  date: string;
  seq: number;
}

function realDate(y: number, m: number, d: number): boolean {
  if (y < 2000 || y > 2199 || m < 1 || m > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30];
  const monthDays = [...days, 31, 31, 30, 31, 30, 31];
  return d <= (monthDays[m - 1] as number);
}

/** Parses a bare ticket number (already trimmed and upper-cased); null unless well-formed. */
export function parseTicket(text: string): Ticket | null {
  const m = TICKET_RE.exec(text);
  if (!m) return null;
  const [, kioskId, ys, ms, ds, seqs] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const y = Number(ys);
  const mo = Number(ms);
  const d = Number(ds);
  if (!realDate(y, mo, d)) return null;
  const seq = Number(seqs);
  if (seq < 1) return null;
  return { ticket: text, kioskId, date: `${ys}-${ms}-${ds}`, seq };
}

/** Formats a ticket number; `seq` is zero-padded to 4 digits (up to 999 999 a day). */
export function formatTicket(kioskId: string, date: Date | string, seq: number): string {
  let ymd: string;
  if (typeof date === 'string') ymd = date.replaceAll('-', '');
  else
    ymd = `${date.getFullYear()}${String(date.getMonth() + 1).padStart(2, '0')}${String(
      date.getDate(),
    ).padStart(2, '0')}`;
  if (!Number.isInteger(seq) || seq < 1 || seq > 999_999) throw new RangeError('seq out of range');
  const ticket = `${kioskId}-${ymd}-${String(seq).padStart(4, '0')}`;
  if (!parseTicket(ticket)) throw new RangeError(`not a valid ticket: ${ticket}`);
  return ticket;
}

/** The text of a receipt's QR for a ticket (with its tracking code, when it has one). */
export function ticketQrText(ticket: string, code: string | null): string {
  return code ? `${TICKET_QR_PREFIX}${ticket}.${code}` : LEGACY_TICKET_QR_PREFIX + ticket;
}

/** Reads a receipt QR's text (either spelling): the ticket and its tracking code, if carried. */
export function parseTicketQr(text: string): { ticket: Ticket; code: string | null } | null {
  if (text.startsWith(TICKET_QR_PREFIX)) {
    const body = text.slice(TICKET_QR_PREFIX.length);
    const dot = body.lastIndexOf('.');
    const ticket = dot > 0 ? parseTicket(body.slice(0, dot)) : null;
    const code = body.slice(dot + 1);
    return ticket && TRACK_CODE_RE.test(code) ? { ticket, code } : null;
  }
  if (text.startsWith(LEGACY_TICKET_QR_PREFIX)) {
    const ticket = parseTicket(text.slice(LEGACY_TICKET_QR_PREFIX.length));
    return ticket ? { ticket, code: null } : null;
  }
  return null;
}

/** Whether a text claims to be a receipt QR (either spelling). */
export function isTicketQr(text: string): boolean {
  return text.startsWith(TICKET_QR_PREFIX) || text.startsWith(LEGACY_TICKET_QR_PREFIX);
}
