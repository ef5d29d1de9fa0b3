/**
 * PinDesk's Prometheus metrics (prom-client), one registry per process. server.ts and the
 * Next.js bundle load this module separately, so the registry lives on globalThis: whichever
 * copy counts, /metrics (served by server.ts) shows it. Labels take values from small fixed
 * sets (outcomes, reasons, kinds) or from bridge names, never from user input.
 */
import client from 'prom-client';

export type PinDeskMetrics = {
  registry: client.Registry;
  pinLogons: client.Counter<'outcome' | 'bridge'>;
  pinLogonSeconds: client.Histogram<'outcome'>;
  lockouts: client.Counter<'kind'>;
  signIns: client.Counter<'outcome' | 'method' | 'reason'>;
  dbOperationSeconds: client.Histogram<'via' | 'outcome'>;
};

const KEY = Symbol.for('pindesk.metrics');
type Holder = { [KEY]?: PinDeskMetrics };

function create(): PinDeskMetrics {
  const registry = new client.Registry();
  const registers = [registry];
  return {
    registry,
    pinLogons: new client.Counter({
      name: 'pindesk_pin_logons_total',
      help: 'Bridge PIN logons by outcome (accepted, wrong_pin, locked, unknown_identity, malformed, …) and bridge.',
      labelNames: ['outcome', 'bridge'],
      registers,
    }),
    pinLogonSeconds: new client.Histogram({
      name: 'pindesk_pin_logon_duration_seconds',
      help: 'Time to answer a bridge PIN logon (the argon2 verify included), by outcome.',
      labelNames: ['outcome'],
      // A verify takes tens of milliseconds; a bridge's caller waits on the upper buckets.
      buckets: [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    lockouts: new client.Counter({
      name: 'pindesk_pin_lockouts_total',
      help: 'PIN lockouts by kind: temporary and system (too many wrong PINs), admin (Lock-CsClientPin).',
      labelNames: ['kind'],
      registers,
    }),
    signIns: new client.Counter({
      name: 'pindesk_sign_ins_total',
      help: 'Sign-ins to the control panel and the Dial-in page by outcome (success, failure, denied), method and refusal reason.',
      labelNames: ['outcome', 'method', 'reason'],
      registers,
    }),
    dbOperationSeconds: new client.Histogram({
      name: 'pindesk_db_operation_duration_seconds',
      help: 'Database operations by way (prisma: one client operation; sql: one of lib/db’s own statements) and outcome.',
      labelNames: ['via', 'outcome'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 3],
      registers,
    }),
  };
}

/** This process's metrics, created on first use. */
export function metrics(): PinDeskMetrics {
  const holder = globalThis as Holder;
  return (holder[KEY] ??= create());
}

/** Times `work` into the database histogram, whatever its outcome. */
export async function timeDbOperation<T>(via: 'prisma' | 'sql', work: () => Promise<T>): Promise<T> {
  const end = metrics().dbOperationSeconds.startTimer({ via });
  try {
    const result = await work();
    end({ outcome: 'ok' });
    return result;
  } catch (error) {
    end({ outcome: 'error' });
    throw error;
  }
}

let processMetricsOn = false;

/** The process's own metrics (CPU, memory, event loop lag, GC, handles): the server turns them on once. */
export function collectProcessMetrics(): void {
  if (processMetricsOn) return;
  processMetricsOn = true;
  client.collectDefaultMetrics({ register: metrics().registry, prefix: 'pindesk_' });
}
