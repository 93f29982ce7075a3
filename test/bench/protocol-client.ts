/**
 * A minimal y-websocket protocol client for load tests: it does the real sync handshake
 * (step 1 → step 2) and timestamps every update frame it receives, but does not keep a
 * Y.Doc. Thousands of full replicas of a 3,152-member meeting in one process would measure
 * the test machine's memory, not the server's fan-out.
 */
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';

const messageSync = 0;
const syncStep1 = 0;
const syncStep2 = 1;
const syncUpdate = 2;

export class ProtocolClient {
  readonly arrivals: number[] = [];
  synced = false;
  closedWith: number | null = null;
  private ws: WebSocket;

  constructor(url: string, onSynced: () => void) {
    this.ws = new WebSocket(url, { perMessageDeflate: false });
    this.ws.binaryType = 'nodebuffer';
    this.ws.on('open', () => {
      const enc = encoding.createEncoder();
      encoding.writeVarUint(enc, messageSync);
      encoding.writeVarUint(enc, syncStep1);
      encoding.writeVarUint8Array(enc, new Uint8Array([0])); // empty state vector
      this.ws.send(encoding.toUint8Array(enc));
    });
    this.ws.on('message', (data: Buffer) => {
      const now = performance.now();
      const dec = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(dec) !== messageSync) return;
      const kind = decoding.readVarUint(dec);
      if (kind === syncStep1) {
        // Answer the server's step 1 with an empty update: we have nothing it lacks.
        const enc = encoding.createEncoder();
        encoding.writeVarUint(enc, messageSync);
        encoding.writeVarUint(enc, syncStep2);
        encoding.writeVarUint8Array(enc, new Uint8Array([0, 0]));
        this.ws.send(encoding.toUint8Array(enc));
      } else if (kind === syncStep2 && !this.synced) {
        this.synced = true;
        onSynced();
      } else if (kind === syncUpdate && this.synced) {
        this.arrivals.push(now);
      }
    });
    this.ws.on('close', (code) => (this.closedWith = code));
    this.ws.on('error', () => undefined);
  }

  close(): void {
    this.ws.terminate();
  }
}
