/**
 * What counts as a mail address, in one place: the CLI, the Lambdas' environment and the CDK
 * context all check addresses with these rules, so an address accepted by one is accepted by all.
 */
// The domain may be a single label (gzwatch@localhost is the local default sender).
const ADDRESS = /^[^\s@<>"(),;:]+@(?!\.)[^\s@<>"(),;:]+(?<!\.)$/;
/** "Name <address>" as mail headers write it. */
const NAMED = /^([^<>\r\n]*)<([^<>\r\n]+)>$/;

export function isEmailAddress(value: string): boolean {
  return value.length <= 254 && ADDRESS.test(value);
}

/** The address of `value`, which may be "Name <address>"; undefined when it is not one. */
export function senderAddress(value: string): string | undefined {
  const named = NAMED.exec(value.trim());
  const address = (named ? named[2]! : value).trim();
  return isEmailAddress(address) ? address : undefined;
}

/** Hosts that only ever appear in examples (RFC 2606); a deployment must not send as them. */
export function isPlaceholderAddress(address: string): boolean {
  const host = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  return /(^|\.)example\.(com|org|net)$/.test(host) || host === 'example.invalid';
}
