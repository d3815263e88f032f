/**
 * Name resolution for the image proxy. The proxy's sockets resolve host names through this
 * lookup, which refuses the whole host when any address it resolves to is not public; the socket
 * then connects to exactly the addresses checked here. Checking first and letting the connection
 * resolve again would leave a gap a DNS server could answer differently in (DNS rebinding).
 *
 * IP literals never reach a lookup (Node connects to them directly), so ./target.ts judges
 * those, and every socket's peer is checked once more when it connects (./fetch-image.ts).
 */
import { lookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { MailError } from '../errors';
import { addressRefusal } from './addresses';

export function refused(reason: string): MailError {
  return new MailError('forbidden', `Tern does not load this image: ${reason}.`);
}

export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  const all: LookupAllOptions = { family: options.family, hints: options.hints, all: true };
  lookup(hostname, all, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    for (const { address } of addresses) {
      const refusal = addressRefusal(address);
      if (refusal) return callback(refused(`${hostname} resolves to a ${refusal} address`), '', 0);
    }
    const first = addresses[0];
    if (!first)
      return callback(
        Object.assign(new Error(`${hostname}: no address`), { code: 'ENOTFOUND' }),
        '',
        0,
      );
    // Happy eyeballs (autoSelectFamily) asks for every address; a plain connect for one.
    if (options.all) callback(null, addresses);
    else callback(null, first.address, first.family);
  });
};
