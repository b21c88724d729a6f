// The printer's state for guide mode and the back office's heartbeat, from the same facts: whether
// printing is on, whether the receipt printer is there (the shell's printer list), what the
// spooler says about it now (stopped, out of paper, jammed), and whether the last print failed (a
// fault stays until a print completes).
import type { HealthItem } from '../../domain/guide';
import type { PrintFault } from '../../domain/printing';
import type { KioskConfig } from '../config';
import { conditionFault } from './cups';
import type { PrintService } from './print-service';

export interface PrinterHealth {
  state: 'ok' | 'fault' | 'unknown';
  detail: string | null;
  /** The receipt printer's queue (configured, else the system default), when known. */
  printer: string | null;
  /** When the standing fault happened (ISO 8601), or null. */
  faultAt: string | null;
}

type Printing = Pick<PrintService, 'fault' | 'health' | 'listPrinters' | 'condition'>;

interface Assessment {
  health: PrinterHealth;
  /** guide.notes.<note> */
  note: string | null;
}

async function assess(
  config: Pick<KioskConfig, 'printer'>,
  printing: Printing,
): Promise<Assessment> {
  const wanted = config.printer.receiptPrinter;
  if (!config.printer.enabled)
    return {
      health: {
        state: 'fault',
        detail: 'printing is disabled in the config',
        printer: wanted,
        faultAt: null,
      },
      note: 'printerDisabled',
    };
  const list = await printing.listPrinters();
  const printer = wanted ?? list.defaultPrinter;
  const fault = printing.fault();
  if (!list.available)
    return {
      health: { state: 'fault', detail: `no print system: ${list.note}`, printer, faultAt: null },
      note: 'noPrintSystem',
    };
  if (printer === null || !list.printers.includes(printer))
    return {
      health: {
        state: 'fault',
        detail: `printer missing: ${printer ?? 'no default printer'}`,
        printer,
        faultAt: fault?.at ?? null,
      },
      note: 'printerMissing',
    };
  // What the spooler says now comes first: it is what a guide can fix at the printer.
  const condition = await printing.condition(printer);
  const live: PrintFault | null = condition ? conditionFault(condition) : null;
  if (live)
    return {
      health: {
        state: 'fault',
        detail: `${live}: ${[...(condition?.reasons ?? []), condition?.message ?? ''].join(' ').trim()}`,
        printer,
        faultAt: fault?.at ?? null,
      },
      note: `printFaults.${live}`,
    };
  if (fault)
    return {
      health: {
        state: 'fault',
        detail: `${fault.document}: ${fault.fault} ${fault.detail}`.trim(),
        printer,
        faultAt: fault.at,
      },
      note: `printFaults.${fault.fault}`,
    };
  const h = printing.health();
  return { health: { state: h.state, detail: null, printer, faultAt: null }, note: null };
}

/** For the heartbeat and the dashboard's health samples. */
export async function printerHealth(deps: {
  config: Pick<KioskConfig, 'printer'>;
  printing: Printing;
}): Promise<PrinterHealth> {
  const { health } = await assess(deps.config, deps.printing);
  // Nothing printed yet and nothing wrong: the printer is there and ready.
  return health.state === 'unknown' ? { ...health, state: 'ok' } : health;
}

/** Guide mode's printer row. */
export async function printerHealthItem(
  config: Pick<KioskConfig, 'printer'>,
  printing: Printing,
): Promise<HealthItem> {
  const { health, note } = await assess(config, printing);
  const fault = printing.fault();
  return {
    id: 'printer',
    ok: note === null,
    value:
      (health.printer ?? '-') + (fault ? ` · ${fault.at} ${fault.document}: ${fault.fault}` : ''),
    ...(note ? { note } : {}),
  };
}
