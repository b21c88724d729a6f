// Ticket (receipt) numbers: `<kioskId>-<yyyymmdd>-<seq>`, e.g. `DQ01-20250612-0042`. The request
// issue issues them and prints them on the receipt as a QR of `DQT1.<ticket>`; the scan parser
// recognizes both the QR text and a bare keyed ticket, so tracking can start from either.
// Pure and Node-free.

/** Prefix of the receipt QR's text. */
export const TICKET_QR_PREFIX = 'DQT1.';

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

/** The text of a receipt's QR for a ticket. */
export function ticketQrText(ticket: string): string {
  return TICKET_QR_PREFIX + ticket;
}
