/**
 * The zip container torch.save writes (PyTorch >= 1.6). A small central-directory reader rather than a zip
 * library: torch.save stores every entry uncompressed, so each entry is handed out as a view of the file's
 * bytes (no copy of a 100 MB checkpoint), and every count, offset and length is checked against the file
 * here, where a general-purpose library would inflate, copy and trust sizes we then have to re-check.
 */
import { phrase } from '../../../core/phrase';
import { fail } from './error';

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_END = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EXTRA = 0x0001;
/** More entries than this is not a state_dict (ResNet-152 has about 900 tensors). */
const MAX_ENTRIES = 1_000_000;

export const isZip = (bytes: Uint8Array): boolean =>
  bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/** Every entry's name and bytes (a view into `bytes`). */
export function readZip(bytes: Uint8Array): Map<string, Uint8Array> {
  if (bytes.length < 22) fail(phrase('the file is {n} bytes, too short for a zip archive', { n: bytes.length }));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const u64 = (at: number) => {
    const v = view.getBigUint64(at, true);
    if (v > BigInt(bytes.length)) fail(phrase('the zip directory points past the end of the file: it is truncated or corrupt'));
    return Number(v);
  };

  // The end-of-directory record is in the last 22 + 65535 (comment) bytes.
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (u32(at) === END_OF_DIRECTORY && at + 22 + u16(at + 20) === bytes.length) {
      end = at;
      break;
    }
  }
  if (end < 0) fail(phrase('the zip archive has no end-of-directory record: the file is truncated or corrupt'));
  let count = u16(end + 10);
  let dirSize = u32(end + 12);
  let dirStart = u32(end + 16);
  if (count === 0xffff || dirSize === 0xffffffff || dirStart === 0xffffffff) {
    const locator = end - 20;
    if (locator < 0 || u32(locator) !== ZIP64_LOCATOR) fail(phrase('the zip archive lacks its zip64 locator'));
    const end64 = u64(locator + 8);
    if (end64 + 56 > locator || u32(end64) !== ZIP64_END) fail(phrase('the zip64 end-of-directory record is missing or corrupt'));
    count = u64(end64 + 32);
    dirSize = u64(end64 + 40);
    dirStart = u64(end64 + 48);
  }
  if (count > MAX_ENTRIES) fail(phrase('the zip archive claims {n} entries', { n: count }));
  if (dirStart + dirSize > end) fail(phrase('the zip directory lies outside the file: it is truncated or corrupt'));

  const decoder = new TextDecoder('utf-8', { fatal: true });
  const entries = new Map<string, Uint8Array>();
  let at = dirStart;
  for (let i = 0; i < count; i++) {
    if (at + 46 > dirStart + dirSize || u32(at) !== CENTRAL_HEADER) fail(phrase('zip directory entry {i} is corrupt', { i }));
    const method = u16(at + 10);
    let compressed = u32(at + 20);
    let size = u32(at + 24);
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const commentLength = u16(at + 32);
    let local = u32(at + 42);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > dirStart + dirSize) fail(phrase('zip directory entry {i} runs past the directory', { i }));
    let name: string;
    try {
      name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    } catch {
      fail(phrase('zip directory entry {i} has a name that is not UTF-8', { i }));
    }
    // zip64: the sizes and offset that overflowed 32 bits follow in this order in the extra field.
    for (let e = at + 46 + nameLength; e + 4 <= at + 46 + nameLength + extraLength; ) {
      const id = u16(e);
      const len = u16(e + 2);
      if (e + 4 + len > at + 46 + nameLength + extraLength) fail(phrase('zip entry {name} has a corrupt extra field', { name: JSON.stringify(name) }));
      if (id === ZIP64_EXTRA) {
        let f = e + 4;
        const take = () => {
          if (f + 8 > e + 4 + len) fail(phrase('zip entry {name} has a short zip64 field', { name: JSON.stringify(name) }));
          const v = u64(f);
          f += 8;
          return v;
        };
        if (size === 0xffffffff) size = take();
        if (compressed === 0xffffffff) compressed = take();
        if (local === 0xffffffff) local = take();
      }
      e += 4 + len;
    }
    if (method !== 0) fail(phrase('zip entry {name} is compressed (method {method}); torch.save stores its entries uncompressed', { name: JSON.stringify(name), method }));
    if (compressed !== size) fail(phrase('zip entry {name} claims {stored} stored bytes for {n} bytes of data', { name: JSON.stringify(name), stored: compressed, n: size }));
    if (local + 30 > dirStart || u32(local) !== LOCAL_HEADER) fail(phrase('zip entry {name} has no local header where the directory says', { name: JSON.stringify(name) }));
    const dataStart = local + 30 + u16(local + 26) + u16(local + 28);
    if (dataStart + size > dirStart) fail(phrase('zip entry {name} runs past the end of the data: the file is truncated or corrupt', { name: JSON.stringify(name) }));
    if (entries.has(name)) fail(phrase('zip entry {name} appears twice', { name: JSON.stringify(name) }));
    entries.set(name, bytes.subarray(dataStart, dataStart + size));
    at = next;
  }
  return entries;
}
