// Bundled into the Lambdas in place of iconv-lite (265 kB). Its only importer there is
// whatwg-encoding, pulled in by encoding-sniffer's sniffer for `labelToName`, which never calls
// iconv-lite; gzwatch decodes bodies with Node's full-ICU TextDecoder. A call reaching this shim
// is a bug, and says so instead of decoding wrongly.
'use strict';
function unsupported() {
  throw new Error('iconv-lite is not bundled in gzwatch Lambdas; decode with TextDecoder');
}
module.exports = { decode: unsupported, encode: unsupported, encodingExists: () => false, getDecoder: unsupported, getEncoder: unsupported };
