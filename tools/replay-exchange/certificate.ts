import { generate } from 'selfsigned';

/** Every host the replay answers for; the certificate names them all. */
export const REPLAY_HOSTS = [
  'fapi.binance.com',
  'fstream.binance.com',
  'api.bybit.com',
  'stream.bybit.com',
  'www.okx.com',
  'ws.okx.com',
] as const;

/**
 * A throwaway self-signed certificate, made in memory at start-up and never written to disk:
 * nothing outside a test browser started with --ignore-certificate-errors should trust it.
 * One per process is enough, so it is cached.
 */
let cached: Promise<{ key: string; cert: string }> | undefined;

export function replayCertificate(): Promise<{ key: string; cert: string }> {
  cached ??= generate([{ name: 'commonName', value: 'replay-exchange.localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() - 86_400_000),
    notAfterDate: new Date(Date.now() + 30 * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...[...REPLAY_HOSTS, 'localhost'].map((value) => ({ type: 2 as const, value })),
          { type: 7 as const, ip: '127.0.0.1' },
        ],
      },
    ],
  }).then((pems) => ({ key: pems.private, cert: pems.cert }));
  return cached;
}
