// A test viewer that plays the recorder's part against publisher.js (or the real VDO.Ninja app),
// following shared/protocol/vdo-ninja.md §1.6 B and §7:
//   ws: joinroom (no streamID) → play for the wanted stream from the listing / videoaddedtoroom /
//   someonejoined; answer the DC-only offer with the publisher's session; candidates out as
//   {type:"remote", session, candidates:[…]}, encrypted only when the offer was (§1.4).
//   dc: the hello when sendChannel opens; the media offer answered over the data channel in
//   plaintext (as publish.py does); one ping; one keyframe request when video starts.
// Query parameters: ws (required), room, streamID (which stream to play; default: the first one
// listed), password / nopassword, salt, hello (JSON of the hello; default
// {"audio":true,"video":true,"preferVideoCodec":"h264"}).
// Logs "RRVIEW <event> <json>", including stats every 2 s with the received video frames.
'use strict';

(async () => {
  const log = RR.logger('RRVIEW');
  RR.logUncaught(log);
  const p = RR.params;
  const wsUrl = p.get('ws');
  if (!wsUrl) {
    log('error', {where: 'params', error: 'ws is required'});
    return;
  }
  const room = p.has('room') ? RR.sanitizeRoom(p.get('room')) : null;
  const wanted = p.has('streamID') ? RR.sanitizeStreamId(p.get('streamID')) : null;
  const hello = p.has('hello') ? JSON.parse(p.get('hello'))
      : {audio: true, video: true, preferVideoCodec: 'h264'};
  const password = RR.passwordFromParams();
  const security = await RR.createSecurity(password, RR.saltFromParams());
  const wantedSalted = wanted ? security.saltStream(wanted) : null;
  log('config', {room, wanted, wantedSalted, password: password !== null, hello, userAgent: navigator.userAgent});

  const HELLO_RETRY_MS = 5000;
  const HELLO_RETRIES = 2;

  /** publisher UUID → peer state */
  const peers = new Map();
  const played = new Set();

  function play(streamID, uuid) {
    if (played.has(streamID)) return;
    if (wantedSalted && streamID !== wantedSalted) {
      log('skip-stream', {streamID});
      return;
    }
    played.add(streamID);
    // The recorder's play: the salted ID exactly as the server listed it (§1.4, §7 item 7).
    ws.send({request: 'play', streamID});
    log('play-sent', {streamID, uuid});
  }

  async function decryptField(msg, key) {
    if (!msg.vector) return msg[key];
    if (!security.enabled) throw new Error('encrypted ' + key + ' but no password');
    return security.decrypt(msg[key], msg.vector);
  }

  function getPeer(uuid, session) {
    let peer = peers.get(uuid);
    if (peer && peer.session !== session) {
      log('peer-replaced', {uuid, oldSession: peer.session, newSession: session});
      clearInterval(peer.statsTimer);
      clearTimeout(peer.helloTimer);
      peer.pc.close();
      peer = null;
    }
    if (!peer) {
      peer = createPeer(uuid, session);
      peers.set(uuid, peer);
    }
    return peer;
  }

  function createPeer(uuid, session) {
    const pc = new RTCPeerConnection({iceServers: []});
    const peer = {uuid, session, pc, dc: null, encrypt: false, pendingCandidates: [], statsTimer: null,
      keyframeRequested: false, tracks: [], mediaOffered: false, helloTimer: null};
    log('peer-created', {uuid, session});
    pc.onconnectionstatechange = () => log('state', {uuid, connection: pc.connectionState});
    pc.oniceconnectionstatechange = () => log('state', {uuid, ice: pc.iceConnectionState});
    pc.onsignalingstatechange = () => log('state', {uuid, signaling: pc.signalingState});
    pc.onicecandidate = async (e) => {
      if (!e.candidate || !e.candidate.candidate) return;
      const c = {candidate: e.candidate.candidate, sdpMid: e.candidate.sdpMid,
        sdpMLineIndex: e.candidate.sdpMLineIndex};
      // One candidate per message, always type "remote" and the publisher's session (§1.7).
      const msg = {UUID: uuid, type: 'remote', session: peer.session, candidates: [c]};
      if (peer.encrypt) {
        [msg.candidates, msg.vector] = await security.encrypt(msg.candidates);
      }
      ws.send(msg);
      log('candidate-sent', {uuid, address: c.candidate.split(' ').slice(4, 6).join(':')});
    };
    pc.ontrack = (e) => {
      peer.tracks.push(e.track.kind);
      log('track', {uuid, kind: e.track.kind});
      if (e.track.kind === 'video') {
        // A sink, so every browser really decodes the frames it counts.
        const video = document.createElement('video');
        video.muted = true;
        video.autoplay = true;
        video.playsInline = true;
        video.srcObject = e.streams[0] || new MediaStream([e.track]);
        document.body.appendChild(video);
        video.play().catch((err) => log('error', {where: 'video.play', error: String(err)}));
      }
    };
    pc.ondatachannel = (e) => {
      const dc = e.channel;
      log('dc', {uuid, label: dc.label});
      if (dc.label !== 'sendChannel') return;
      peer.dc = dc;
      const onOpen = () => {
        dc.send(JSON.stringify(hello));
        log('hello-sent', {uuid, hello});
        dc.send(JSON.stringify({ping: String(Date.now() / 1000)}));
        scheduleHelloRetry(peer, 1);
      };
      if (dc.readyState === 'open') onOpen();
      else dc.onopen = onOpen;
      dc.onmessage = (m) => {
        Promise.resolve(onDataChannelMessage(peer, m.data))
            .catch((err) => log('error', {where: 'dc', uuid, error: String(err)}));
      };
    };
    peer.statsTimer = setInterval(() => logStats(peer), 2000);
    return peer;
  }

  /**
   * Like the recorder (and publish.py, which may send it twice, §6.2): a hello that brought no media
   * offer within 5 s is sent again, at most twice. A repeated hello is harmless to the publisher.
   */
  function scheduleHelloRetry(peer, attempt) {
    if (attempt > HELLO_RETRIES) return;
    peer.helloTimer = setTimeout(() => {
      if (peer.mediaOffered || !peer.dc || peer.dc.readyState !== 'open') return;
      peer.dc.send(JSON.stringify(hello));
      log('hello-resent', {uuid: peer.uuid, attempt, afterMs: HELLO_RETRY_MS * attempt});
      scheduleHelloRetry(peer, attempt + 1);
    }, HELLO_RETRY_MS);
  }

  /** Applies an offer (ws or dc) and returns the local answer. */
  async function answerOffer(peer, description) {
    await peer.pc.setRemoteDescription(description);
    for (const c of peer.pendingCandidates.splice(0)) await addCandidate(peer, c);
    const answer = await peer.pc.createAnswer();
    await peer.pc.setLocalDescription(answer);
    return {type: peer.pc.localDescription.type, sdp: peer.pc.localDescription.sdp};
  }

  async function addCandidate(peer, c) {
    try {
      await peer.pc.addIceCandidate(c);
    } catch (err) {
      log('error', {where: 'addIceCandidate', candidate: c && c.candidate, error: String(err)});
    }
  }

  async function applyCandidates(peer, msg, via) {
    let list = 'candidates' in msg ? await decryptField(msg, 'candidates') : [await decryptField(msg, 'candidate')];
    if (!Array.isArray(list)) list = [list];
    for (const c of list) {
      if (peer.pc.remoteDescription) await addCandidate(peer, c);
      else peer.pendingCandidates.push(c);
    }
    log('candidates-received', {uuid: peer.uuid, via, type: msg.type, count: list.length, encrypted: !!msg.vector,
      addresses: list.map((c) => c.candidate.split(' ').slice(4, 6).join(':'))});
  }

  async function onDataChannelMessage(peer, data) {
    if (typeof data !== 'string') return;
    const msg = JSON.parse(data);
    if ('info' in msg) log('info-received', {uuid: peer.uuid, info: msg.info});
    if ('pong' in msg) log('pong-received', {uuid: peer.uuid, value: msg.pong});
    if ('ping' in msg) peer.dc.send(JSON.stringify({pong: msg.ping}));
    if ('description' in msg) {
      if ('session' in msg && msg.session !== peer.session) {
        log('drop', {via: 'dc', reason: 'session mismatch', got: msg.session, want: peer.session});
        return;
      }
      const offer = await decryptField(msg, 'description');
      peer.mediaOffered = true;
      clearTimeout(peer.helloTimer);
      log('dc-offer-received', {uuid: peer.uuid, encrypted: !!msg.vector, media: mLines(offer.sdp)});
      const answer = await answerOffer(peer, offer);
      // Plaintext on the DC like publish.py's child (§1.6 A step 7).
      peer.dc.send(JSON.stringify({description: answer, session: peer.session}));
      log('dc-answer-sent', {uuid: peer.uuid, media: mLines(answer.sdp), videoCodecs: codecs(answer.sdp, 'video')});
    }
    if ('candidates' in msg || 'candidate' in msg) await applyCandidates(peer, msg, 'dc');
    if ('bye' in msg) log('bye-received', {uuid: peer.uuid});
  }

  function mLines(sdp) {
    return sdp.split('\r\n').filter((l) => l.startsWith('m=')).map((l) => l.split(' ')[0].substring(2));
  }

  function codecs(sdp, kind) {
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
    const report = await peer.pc.getStats();
    const out = {uuid: peer.uuid, connection: peer.pc.connectionState};
    report.forEach((s) => {
      if (s.type !== 'inbound-rtp') return;
      if (s.kind === 'video') {
        out.video = {framesReceived: s.framesReceived, framesDecoded: s.framesDecoded,
          keyFramesDecoded: s.keyFramesDecoded, frameWidth: s.frameWidth, frameHeight: s.frameHeight,
          framesPerSecond: s.framesPerSecond, bytesReceived: s.bytesReceived, codec: RR.codecOf(report, s),
          packetsLost: s.packetsLost};
      } else if (s.kind === 'audio') {
        out.audio = {bytesReceived: s.bytesReceived, packetsReceived: s.packetsReceived, codec: RR.codecOf(report, s)};
      }
    });
    if (!out.video && !out.audio) return;
    log('stats', out);
    if (out.video && out.video.framesDecoded > 0 && !peer.keyframeRequested && peer.dc && peer.dc.readyState === 'open') {
      peer.keyframeRequested = true;
      peer.dc.send(JSON.stringify({keyframe: true}));
      log('keyframe-request-sent', {uuid: peer.uuid});
    }
  }

  async function onWsMessage(msg) {
    if (msg.request === 'listing') {
      const list = msg.list || [];
      log('listing', {members: list.length, streams: list.filter((m) => m.streamID).map((m) => m.streamID)});
      for (const m of list) if (m.streamID) play(m.streamID, m.UUID);
      return;
    }
    if (msg.request === 'videoaddedtoroom' || (msg.request === 'someonejoined' && msg.streamID)) {
      log('stream-added', {request: msg.request, streamID: msg.streamID, uuid: msg.UUID});
      play(msg.streamID, msg.UUID);
      return;
    }
    if (msg.request) {
      log('ws-request', {request: msg.request, uuid: msg.UUID});
      return;
    }
    if ('description' in msg) {
      const description = await decryptField(msg, 'description');
      if (description.type !== 'offer') {
        log('drop', {via: 'ws', reason: 'not an offer', type: description.type});
        return;
      }
      const peer = getPeer(msg.UUID, msg.session);
      peer.encrypt = !!msg.vector;
      log('offer-received', {uuid: msg.UUID, session: msg.session, streamID: msg.streamID, encrypted: !!msg.vector,
        media: mLines(description.sdp)});
      const answer = await answerOffer(peer, description);
      const reply = {UUID: msg.UUID, description: answer};
      if (msg.session !== undefined && msg.session !== null) reply.session = msg.session;
      if (peer.encrypt) [reply.description, reply.vector] = await security.encrypt(answer);
      ws.send(reply);
      log('answer-sent', {uuid: msg.UUID, encrypted: peer.encrypt});
      return;
    }
    if ('candidates' in msg || 'candidate' in msg) {
      const peer = peers.get(msg.UUID);
      if (!peer || ('session' in msg && msg.session !== peer.session)) {
        log('drop', {via: 'ws', reason: 'candidates for an unknown peer/session', uuid: msg.UUID});
        return;
      }
      await applyCandidates(peer, msg, 'ws');
      return;
    }
    log('ws-ignored', {keys: Object.keys(msg)});
  }

  const ws = RR.connect(wsUrl, log, async () => {
    const roomid = room ? await security.roomId(room) : null;
    if (roomid) {
      ws.send({request: 'joinroom', roomid});
      log('joinroom-sent', {roomid});
    } else if (wantedSalted) {
      ws.send({request: 'play', streamID: wantedSalted});
      played.add(wantedSalted);
      log('play-sent', {streamID: wantedSalted});
    }
  }, onWsMessage);
  window.rrViewer = {peers, log};
})().catch((err) => console.log('RRVIEW error ' + JSON.stringify({where: 'main', error: String(err)})));
