// A test publisher that behaves like the VDO.Ninja web app publishing a camera
// (shared/protocol/vdo-ninja.md §1.3–§1.7, §6, §10):
//   ws: joinroom (no streamID) → listing → seed; on offerSDP a peer connection whose first offer
//   carries ONLY the data channel "sendChannel"; batched "local" candidate bundles; answers and
//   "remote" candidates applied only when their session matches.
//   dc: {"info":…} on open; the viewer's hello ({audio,video,…}) adds camera + microphone and the
//   renegotiation offer goes over the data channel; ping → pong; keyframe requests logged.
// Query parameters: ws (required), streamID (or push; required), room, password / nopassword,
// salt, width, height, fps, codec (default video codec preference when the hello names none),
// audio (default true), gum=hello|start (when to call getUserMedia; tracks are always added only
// after the hello), label.
// Every step is logged as "RRPUB <event> <json>" for the Java harness.
'use strict';

(async () => {
  const log = RR.logger('RRPUB');
  RR.logUncaught(log);
  const p = RR.params;
  const wsUrl = p.get('ws');
  const rawStreamId = p.get('streamID') || p.get('push');
  if (!wsUrl || !rawStreamId) {
    log('error', {where: 'params', error: 'ws and streamID are required'});
    return;
  }
  const streamId = RR.sanitizeStreamId(rawStreamId);
  const room = p.has('room') ? RR.sanitizeRoom(p.get('room')) : null;
  const width = parseInt(p.get('width') || '1280', 10);
  const height = parseInt(p.get('height') || '720', 10);
  const fps = parseInt(p.get('fps') || '30', 10);
  const defaultCodec = p.get('codec');
  const sendAudio = p.get('audio') !== 'false';
  const gumWhen = p.get('gum') || 'hello';
  const label = p.get('label') || false;

  const password = RR.passwordFromParams();
  const salt = RR.saltFromParams();
  const security = await RR.createSecurity(password, salt);
  const saltedStreamId = security.saltStream(streamId);
  log('config', {
    streamId, saltedStreamId, room, password: password !== null, salt, width, height, fps,
    defaultCodec, sendAudio, gumWhen, userAgent: navigator.userAgent,
  });

  /** viewer UUID → peer state */
  const peers = new Map();
  let seeded = false;
  let mediaPromise = null;

  function getMedia() {
    if (!mediaPromise) {
      const constraints = {
        video: {width: {ideal: width}, height: {ideal: height}, frameRate: {ideal: fps, max: fps}},
        audio: sendAudio,
      };
      mediaPromise = navigator.mediaDevices.getUserMedia(constraints).then((stream) => {
        const tracks = stream.getTracks().map((t) => ({kind: t.kind, label: t.label, settings: t.getSettings()}));
        log('media-acquired', {tracks});
        return stream;
      }, (err) => {
        log('error', {where: 'getUserMedia', error: String(err)});
        mediaPromise = null;
        throw err;
      });
    }
    return mediaPromise;
  }

  // --- sending: ws or (once open) the data channel, encrypted when a password is set (§2.4) ---

  async function secure(msg) {
    if (!security.enabled) return msg;
    for (const key of ['description', 'candidates', 'candidate']) {
      if (key in msg) {
        const [ct, vector] = await security.encrypt(msg[key]);
        msg[key] = ct;
        msg.vector = vector;
      }
    }
    return msg;
  }

  /** VDO.Ninja's anysend: the data channel when it is open, otherwise the websocket. */
  async function anysend(peer, msg) {
    const wire = await secure(msg);
    if (peer.dc && peer.dc.readyState === 'open') {
      peer.dc.send(JSON.stringify(wire));
      return 'dc';
    }
    ws.send(wire);
    return 'ws';
  }

  // --- peer connections ---

  function closePeer(uuid, reason) {
    const peer = peers.get(uuid);
    if (!peer) return;
    peers.delete(uuid);
    clearInterval(peer.statsTimer);
    clearTimeout(peer.iceTimer);
    try { peer.pc.close(); } catch (e) { /* already closed */ }
    log('peer-closed', {uuid, reason});
  }

  async function startPeer(uuid) {
    if (peers.has(uuid)) closePeer(uuid, 'new offerSDP from the same viewer');
    const pc = new RTCPeerConnection({iceServers: []});
    const peer = {
      uuid, pc, session: RR.randomSession(), dc: null, mediaAdded: false, remoteCandidates: [],
      iceQueue: [], iceTimer: null, bundlesSent: 0, lastIceSend: 0, statsTimer: null,
    };
    peers.set(uuid, peer);
    log('peer-created', {uuid, session: peer.session});

    pc.onconnectionstatechange = () => log('state', {uuid, connection: pc.connectionState});
    pc.oniceconnectionstatechange = () => log('state', {uuid, ice: pc.iceConnectionState});
    pc.onicegatheringstatechange = () => log('state', {uuid, gathering: pc.iceGatheringState});
    pc.onsignalingstatechange = () => log('state', {uuid, signaling: pc.signalingState});
    pc.onicecandidate = (e) => {
      // No end-of-candidates marker is ever sent (§1.7); Firefox's empty candidate is skipped too.
      if (!e.candidate || !e.candidate.candidate) return;
      const c = e.candidate;
      peer.iceQueue.push({
        candidate: c.candidate, sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex,
        usernameFragment: c.usernameFragment,
      });
      scheduleIceBundle(peer);
    };

    const dc = pc.createDataChannel('sendChannel');
    peer.dc = dc;
    dc.onopen = () => {
      log('dc-open', {uuid, label: dc.label});
      const settings = {label, order: 0, muted: false, video_init_width: width,
        video_init_height: height, video_init_frameRate: fps, Browser: navigator.userAgent,
        useragent: navigator.userAgent, version: 'rr-test-publisher', rotate_video: false};
      dc.send(JSON.stringify({info: settings}));
      log('info-sent', {uuid});
    };
    dc.onclose = () => log('dc-closed', {uuid});
    dc.onmessage = (e) => {
      Promise.resolve(onDataChannelMessage(peer, e.data))
          .catch((err) => log('error', {where: 'dc', uuid, error: String(err)}));
    };

    peer.statsTimer = setInterval(() => logStats(peer), 2000);

    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    const via = await anysend(peer, {
      UUID: uuid, streamID: saltedStreamId, session: peer.session,
      description: {type: pc.localDescription.type, sdp: pc.localDescription.sdp},
    });
    log('offer-sent', {uuid, via, session: peer.session, media: mLines(pc.localDescription.sdp),
      encrypted: security.enabled});
  }

  /**
   * delayIceSend: the first bundle 10 ms after the first candidate, later ones at least 1 s apart,
   * and no delay once the data channel is open (§1.5).
   */
  function scheduleIceBundle(peer) {
    if (peer.iceTimer) return;
    let delay;
    if (peer.dc && peer.dc.readyState === 'open') delay = 0;
    else if (peer.bundlesSent === 0) delay = 10;
    else delay = Math.max(0, 1000 - (Date.now() - peer.lastIceSend));
    peer.iceTimer = setTimeout(async () => {
      peer.iceTimer = null;
      const candidates = peer.iceQueue.splice(0);
      if (!candidates.length || !peers.has(peer.uuid)) return;
      peer.bundlesSent++;
      peer.lastIceSend = Date.now();
      const via = await anysend(peer, {UUID: peer.uuid, type: 'local', session: peer.session, candidates});
      log('candidates-sent', {uuid: peer.uuid, via, count: candidates.length,
        addresses: candidates.map((c) => c.candidate.split(' ').slice(4, 6).join(':'))});
    }, delay);
  }

  async function decryptField(msg, key) {
    if (!msg.vector) return msg[key];
    if (!security.enabled) throw new Error('encrypted ' + key + ' but no password');
    return security.decrypt(msg[key], msg.vector);
  }

  async function applyAnswer(peer, msg, via) {
    // processDescription2: a present but different session is dropped.
    if ('session' in msg && msg.session !== peer.session) {
      log('drop', {uuid: peer.uuid, via, reason: 'Answer SDP does not have a matching session ID',
        got: msg.session, want: peer.session});
      return;
    }
    const description = await decryptField(msg, 'description');
    if (!description || description.type !== 'answer') {
      log('drop', {uuid: peer.uuid, via, reason: 'not an answer', type: description && description.type});
      return;
    }
    await peer.pc.setRemoteDescription(description);
    log('answer-applied', {uuid: peer.uuid, via, encrypted: !!msg.vector, media: mLines(description.sdp),
      renegotiation: peer.mediaAdded});
    const pending = peer.remoteCandidates.splice(0);
    for (const c of pending) await addRemoteCandidate(peer, c);
  }

  async function applyCandidates(peer, msg, via) {
    // processIce2 routes to the publisher-side connection only for type "remote".
    if (msg.type !== 'remote') {
      log('drop', {uuid: peer.uuid, via, reason: 'ICE DID NOT FIND A PC OPTION?', type: msg.type});
      return;
    }
    if ('session' in msg && msg.session !== peer.session) {
      log('drop', {uuid: peer.uuid, via, reason: 'Incoming Ice Offer does not match Session',
        got: msg.session, want: peer.session});
      return;
    }
    let list = 'candidates' in msg ? await decryptField(msg, 'candidates') : [await decryptField(msg, 'candidate')];
    if (!Array.isArray(list)) list = [list];
    for (const c of list) {
      if (!peer.pc.remoteDescription) peer.remoteCandidates.push(c);
      else await addRemoteCandidate(peer, c);
    }
    log('candidates-received', {uuid: peer.uuid, via, count: list.length, encrypted: !!msg.vector});
  }

  async function addRemoteCandidate(peer, c) {
    try {
      await peer.pc.addIceCandidate(c);
    } catch (err) {
      log('error', {where: 'addIceCandidate', uuid: peer.uuid, candidate: c && c.candidate, error: String(err)});
    }
  }

  async function onDataChannelMessage(peer, data) {
    if (typeof data !== 'string') {
      log('dc-drop', {uuid: peer.uuid, reason: 'binary message'});
      return;
    }
    let msg;
    try {
      msg = JSON.parse(data);
    } catch (err) {
      log('dc-drop', {uuid: peer.uuid, reason: 'not JSON'});
      return;
    }
    if ('ping' in msg) {
      peer.dc.send(JSON.stringify({pong: msg.ping}));
      log('pong-sent', {uuid: peer.uuid, value: msg.ping});
    }
    if ('audio' in msg || 'video' in msg) await onHello(peer, msg);
    if ('description' in msg) await applyAnswer(peer, msg, 'dc');
    if ('candidates' in msg || 'candidate' in msg) await applyCandidates(peer, msg, 'dc');
    if ('keyframe' in msg) {
      // The web platform has no sender-side "send a keyframe now" call outside encoded transforms;
      // VDO.Ninja answers this with its own tricks. PLI/FIR from the viewer still work.
      log('keyframe-requested', {uuid: peer.uuid, forced: false});
    }
    if ('bye' in msg) closePeer(peer.uuid, 'dc bye');
  }

  /** The viewer's media request (§6.2): add camera/microphone, then renegotiate over the DC. */
  async function onHello(peer, msg) {
    log('hello-received', {uuid: peer.uuid, hello: msg});
    if (peer.mediaAdded) {
      log('hello-repeated', {uuid: peer.uuid});
      return;
    }
    peer.mediaAdded = true;
    const stream = await getMedia();
    for (const track of stream.getTracks()) {
      if ((track.kind === 'video' && msg.video) || (track.kind === 'audio' && msg.audio)) {
        peer.pc.addTrack(track, stream);
        log('track-added', {uuid: peer.uuid, kind: track.kind});
      }
    }
    const codec = msg.preferVideoCodec || defaultCodec;
    const munge = codec ? preferCodecWithApi(peer.pc, codec) : null;
    await waitForStable(peer.pc);
    const offer = await peer.pc.createOffer();
    let sdp = offer.sdp;
    if (munge) sdp = preferCodecInSdp(sdp, munge);
    await peer.pc.setLocalDescription({type: 'offer', sdp});
    const description = {type: 'offer', sdp: peer.pc.localDescription.sdp};
    const via = await anysend(peer, {UUID: peer.uuid, streamID: saltedStreamId, session: peer.session, description});
    log('media-offer-sent', {uuid: peer.uuid, via, encrypted: security.enabled, media: mLines(description.sdp),
      videoCodecs: codecOrder(description.sdp, 'video').slice(0, 4), preferVideoCodec: codec || null});
  }

  function waitForStable(pc) {
    if (pc.signalingState === 'stable') return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (pc.signalingState === 'stable') {
          pc.removeEventListener('signalingstatechange', check);
          resolve();
        }
      };
      pc.addEventListener('signalingstatechange', check);
    });
  }

  /**
   * preferVideoCodec with RTCRtpTransceiver.setCodecPreferences: the codec's entries first, the rest
   * (RTX, RED, FEC, other codecs) after. Returns the codec name when the API is missing and the SDP
   * must be munged instead (CodecsHandler.preferCodec style), else null.
   */
  function preferCodecWithApi(pc, codec) {
    const mime = 'video/' + codec.toLowerCase();
    const transceiver = pc.getTransceivers().find((t) => t.sender.track && t.sender.track.kind === 'video');
    if (!transceiver) return null;
    if (typeof transceiver.setCodecPreferences !== 'function' || !RTCRtpReceiver.getCapabilities) {
      log('codec-preference', {codec, method: 'sdp'});
      return codec;
    }
    const all = RTCRtpReceiver.getCapabilities('video').codecs;
    const preferred = all.filter((c) => c.mimeType.toLowerCase() === mime);
    if (!preferred.length) {
      log('codec-preference', {codec, method: 'none', reason: 'codec not supported by this browser',
        available: [...new Set(all.map((c) => c.mimeType))]});
      return null;
    }
    try {
      transceiver.setCodecPreferences(preferred.concat(all.filter((c) => !preferred.includes(c))));
      log('codec-preference', {codec, method: 'setCodecPreferences'});
      return null;
    } catch (err) {
      log('codec-preference', {codec, method: 'sdp', reason: String(err)});
      return codec;
    }
  }

  /** Moves the payload types of the codec to the front of the m=video format list. */
  function preferCodecInSdp(sdp, codec) {
    const lines = sdp.split('\r\n');
    const mIndex = lines.findIndex((l) => l.startsWith('m=video '));
    if (mIndex < 0) return sdp;
    let end = lines.findIndex((l, i) => i > mIndex && l.startsWith('m='));
    if (end < 0) end = lines.length;
    const pts = [];
    for (let i = mIndex + 1; i < end; i++) {
      const m = /^a=rtpmap:(\d+) ([^/]+)\//.exec(lines[i]);
      if (m && m[2].toLowerCase() === codec.toLowerCase()) pts.push(m[1]);
    }
    if (!pts.length) return sdp;
    const parts = lines[mIndex].split(' ');
    const formats = parts.slice(3);
    lines[mIndex] = parts.slice(0, 3).concat(pts, formats.filter((f) => !pts.includes(f))).join(' ');
    return lines.join('\r\n');
  }

  function mLines(sdp) {
    return sdp.split('\r\n').filter((l) => l.startsWith('m=')).map((l) => l.split(' ')[0].substring(2));
  }

  function codecOrder(sdp, kind) {
    const lines = sdp.split('\r\n');
    const mIndex = lines.findIndex((l) => l.startsWith('m=' + kind + ' '));
    if (mIndex < 0) return [];
    const names = new Map();
    for (const l of lines) {
      const m = /^a=rtpmap:(\d+) ([^/]+)\//.exec(l);
      if (m && !names.has(m[1])) names.set(m[1], m[2]);
    }
    return lines[mIndex].split(' ').slice(3).map((pt) => names.get(pt) || pt);
  }

  async function logStats(peer) {
    if (!peer.mediaAdded) return;
    const report = await peer.pc.getStats();
    const out = {uuid: peer.uuid, connection: peer.pc.connectionState};
    report.forEach((s) => {
      if (s.type !== 'outbound-rtp') return;
      if (s.kind === 'video') {
        out.video = {bytesSent: s.bytesSent, frameWidth: s.frameWidth, frameHeight: s.frameHeight,
          framesPerSecond: s.framesPerSecond, framesEncoded: s.framesEncoded,
          keyFramesEncoded: s.keyFramesEncoded, codec: RR.codecOf(report, s),
          pliCount: s.pliCount, firCount: s.firCount, nackCount: s.nackCount,
          targetBitrate: s.targetBitrate, encoderImplementation: s.encoderImplementation};
      } else if (s.kind === 'audio') {
        out.audio = {bytesSent: s.bytesSent, codec: RR.codecOf(report, s)};
      }
    });
    log('stats', out);
  }

  // --- websocket signaling ---

  async function onWsMessage(msg) {
    if (msg.request === 'listing') {
      log('listing', {members: (msg.list || []).length});
      if (!seeded) {
        seeded = true;
        ws.send({request: 'seed', streamID: saltedStreamId});
        log('seed-sent', {streamID: saltedStreamId});
      }
      return;
    }
    if (msg.request === 'offerSDP') {
      log('offer-requested', {uuid: msg.UUID});
      await startPeer(msg.UUID);
      return;
    }
    if (msg.request === 'cleanup' || msg.request === 'bye' || msg.bye) {
      closePeer(msg.UUID, 'ws ' + (msg.request || 'bye'));
      return;
    }
    if (msg.request) {
      log('ws-request', {request: msg.request, uuid: msg.UUID, streamID: msg.streamID});
      return;
    }
    const peer = peers.get(msg.UUID);
    if (!peer) {
      log('drop', {via: 'ws', reason: 'no peer for UUID', uuid: msg.UUID, keys: Object.keys(msg)});
      return;
    }
    if ('description' in msg) await applyAnswer(peer, msg, 'ws');
    if ('candidates' in msg || 'candidate' in msg) await applyCandidates(peer, msg, 'ws');
  }

  if (gumWhen === 'start') {
    try { await getMedia(); } catch (e) { /* logged */ }
  }

  const ws = RR.connect(wsUrl, log, async () => {
    if (room) {
      const roomid = await security.roomId(room);
      ws.send({request: 'joinroom', roomid});
      log('joinroom-sent', {roomid});
    } else {
      seeded = true;
      ws.send({request: 'seed', streamID: saltedStreamId});
      log('seed-sent', {streamID: saltedStreamId});
    }
  }, onWsMessage);
  window.rrPublisher = {peers, log};
})().catch((err) => console.log('RRPUB error ' + JSON.stringify({where: 'main', error: String(err)})));
