// Shared by publisher.js and viewer.js: query parameters, console logging for the Java harness,
// VDO.Ninja's password/salt/hash/AES rules (shared/protocol/vdo-ninja.md §2) and a small
// websocket wrapper. Test code only: it imitates what the VDO.Ninja web app does, it is not it.
'use strict';

const RR = (() => {
  const params = new URLSearchParams(location.search);

  /** A console logger whose lines the Java harness parses: "<PREFIX> <event> [<json>]". */
  function logger(prefix) {
    return (event, data) => {
      let line = prefix + ' ' + event;
      if (data !== undefined) {
        line += ' ' + (typeof data === 'string' ? data : JSON.stringify(data));
      }
      console.log(line);
    };
  }

  /**
   * Uncaught exceptions and rejected promises become "error" events, which the tests refuse, so an
   * event handler that throws shows up as what it is and not as a later timeout.
   */
  function logUncaught(log) {
    window.addEventListener('error', (e) =>
      log('error', {where: 'uncaught', error: String(e.error || e.message)}));
    window.addEventListener('unhandledrejection', (e) =>
      log('error', {where: 'unhandled-rejection', error: String(e.reason)}));
  }

  const DEFAULT_PASSWORD = 'someEncryptionKey123';

  /**
   * Password as the browser reads it (§2.1): absent, "", "true", "1", "on" → the default password;
   * "false", "0", "off" or &nopassword → none (null); anything else trimmed and
   * encodeURIComponent-ed like lib.js sanitizePassword.
   */
  function passwordFromParams() {
    if (params.has('nopassword')) return null;
    if (!params.has('password')) return DEFAULT_PASSWORD;
    const raw = params.get('password').trim();
    const lower = raw.toLowerCase();
    if (lower === '' || lower === 'true' || lower === '1' || lower === 'on') return DEFAULT_PASSWORD;
    if (lower === 'false' || lower === '0' || lower === 'off') return null;
    return encodeURIComponent(raw);
  }

  /** Salt rule of webrtc.js (§2.2): &salt= wins; IP literals and localhost give vdo.ninja. */
  function saltFromParams() {
    if (params.has('salt')) return params.get('salt');
    const host = location.hostname;
    if (host === 'localhost' || /^[0-9.]+$/.test(host) || host.includes(':') || host.startsWith('[')) {
      return 'vdo.ninja';
    }
    const labels = host.split('.');
    const lastTwo = labels.slice(-2).join('.');
    if (['vdo.ninja', 'rtc.ninja', 'versus.cam', 'socialstream.ninja'].includes(lastTwo)) return lastTwo;
    if (host === 'steveseguin.github.io') return 'vdo.ninja';
    return host;
  }

  /** lib.js sanitizeRoomName (§2.3): trim, runs of non-word characters → "_", max 30. */
  function sanitizeRoom(room) {
    return room.trim().replace(/[\W]+/g, '_').substring(0, 30);
  }

  /** Stream IDs: runs of non-word characters → "_" (lib.js ~L1489). */
  function sanitizeStreamId(id) {
    return id.replace(/[\W]+/g, '_');
  }

  function toHex(buffer) {
    return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
  }

  function fromHex(hex) {
    if (typeof hex !== 'string' || hex.length % 2 !== 0 || /[^0-9a-fA-F]/.test(hex)) {
      throw new Error('not a hex string');
    }
    const out = new Uint8Array(hex.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
    return out;
  }

  async function sha256(text) {
    return crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  }

  /** H(s, n) of §2.3: first n/2 bytes of SHA-256, lowercase hex. */
  async function generateHash(text, length) {
    return toHex(await sha256(text)).substring(0, length);
  }

  /**
   * The password-derived state of one page: stream suffix, room id, AES key. With no password
   * everything is plain (§2.5).
   */
  async function createSecurity(password, salt) {
    if (password === null) {
      return {
        enabled: false,
        suffix: '',
        roomId: async (room) => room,
        saltStream: (id) => id,
        encrypt: async () => { throw new Error('encryption disabled'); },
        decrypt: async () => { throw new Error('encryption disabled'); },
      };
    }
    const suffix = await generateHash(password + salt, 6);
    const key = await crypto.subtle.importKey(
        'raw', await sha256(password + salt), {name: 'AES-CBC'}, false, ['encrypt', 'decrypt']);
    return {
      enabled: true,
      suffix,
      roomId: async (room) => generateHash(room + password + salt, 16),
      // sendMsg cuts the ID to 44 characters before appending the hash (§2.3).
      saltStream: (id) => id.substring(0, 44) + suffix,
      /** AES-256-CBC over JSON.stringify(value); returns [ciphertextHex, vectorHex] (§2.4). */
      encrypt: async (value) => {
        const iv = crypto.getRandomValues(new Uint8Array(16));
        const data = new TextEncoder().encode(JSON.stringify(value));
        const ct = await crypto.subtle.encrypt({name: 'AES-CBC', iv}, key, data);
        return [toHex(ct), toHex(iv)];
      },
      decrypt: async (hex, vectorHex) => {
        const pt = await crypto.subtle.decrypt(
            {name: 'AES-CBC', iv: fromHex(vectorHex)}, key, fromHex(hex));
        return JSON.parse(new TextDecoder().decode(pt));
      },
    };
  }

  /** ~10 random characters like session.offerSDP's loadoutID + generateStreamID(5). */
  function randomSession(length = 10) {
    const chars = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
    const bytes = crypto.getRandomValues(new Uint8Array(length));
    return Array.from(bytes, (b) => chars[b % chars.length]).join('');
  }

  /** Opens the websocket; calls onMessage(obj) for each JSON text message. */
  function connect(url, log, onOpen, onMessage) {
    const ws = new WebSocket(url);
    ws.onopen = () => { log('ws-open', {url}); onOpen(); };
    ws.onclose = (e) => log('ws-closed', {code: e.code, reason: e.reason});
    ws.onerror = () => log('ws-error', {url});
    ws.onmessage = (e) => {
      let msg;
      try {
        msg = JSON.parse(e.data);
      } catch (err) {
        log('ws-drop', {reason: 'not JSON', length: String(e.data).length});
        return;
      }
      Promise.resolve(onMessage(msg)).catch((err) => log('error', {where: 'ws', error: String(err)}));
    };
    return {
      send: (obj) => {
        const text = JSON.stringify(obj);
        ws.send(text);
        return text.length;
      },
      close: () => ws.close(),
    };
  }

  /** Codec of an RTP stats entry ("video/H264" → "H264"), or null. */
  function codecOf(report, stat) {
    const codec = stat.codecId ? report.get(stat.codecId) : null;
    return codec && codec.mimeType ? codec.mimeType.split('/')[1] : null;
  }

  return {
    params, logger, logUncaught, passwordFromParams, saltFromParams, sanitizeRoom, sanitizeStreamId,
    createSecurity, generateHash, randomSession, connect, codecOf, toHex, fromHex,
  };
})();
