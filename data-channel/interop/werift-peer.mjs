import { createSocket } from "dgram";
import pkg from "werift-sctp";
const { SCTP, createUdpTransport } = pkg;
const sock = createSocket("udp4");
sock.bind(7001, "127.0.0.1");
const sctp = (process.argv[2] === "server" ? SCTP.server : SCTP.client)(createUdpTransport(sock, { port: 7002, address: "127.0.0.1" }), 5000);
const log = (...a) => console.log("[werift]", ...a);
sctp.onReceive.subscribe(async (stream, ppid, data) => {
  if (ppid === 50) {
    if (data[0] === 3) {
      const ll = data.readUInt16BE(8);
      log("OPEN on", stream, "label", data.subarray(12, 12 + ll).toString());
      await sctp.send(stream, 50, Buffer.from([2]));
    } else if (data[0] === 2) {
      log("ACK on", stream);
    }
    return;
  }
  if (ppid === 51) {
    const t = data.toString();
    log("text on", stream, JSON.stringify(t.slice(0, 40)), t.length);
    if (t.startsWith("echo:")) await sctp.send(stream, 51, Buffer.from("re:" + t));
  } else if (ppid === 53) {
    log("binary on", stream, data.length);
    await sctp.send(stream, 53, data);
  } else {
    log("ppid", ppid, "on", stream, data.length);
  }
});
sctp.onReconfigStreams.subscribe((streams) => {
  log("peer reset streams", streams);
  for (const s of streams) sctp.reconfigQueue.push(s);
  sctp.transmitReconfigRequest();
});
sctp.stateChanged.connected.subscribe(async () => {
  log("connected");
  const label = Buffer.from("fromWerift");
  const open = Buffer.alloc(12 + label.length);
  open[0] = 3; open.writeUInt16BE(256, 2); open.writeUInt16BE(label.length, 8); label.copy(open, 12);
  await sctp.send(1, 50, open);
  await sctp.send(1, 51, Buffer.from("hello from werift"));
  const big = Buffer.alloc(200000); for (let i = 0; i < big.length; i++) big[i] = i % 251;
  await sctp.send(1, 53, big);
});
sctp.stateChanged.closed.subscribe(() => { log("closed"); setTimeout(() => process.exit(0), 200); });
await sctp.start(5000);
setTimeout(() => { log("timeout"); process.exit(2); }, 60000);
