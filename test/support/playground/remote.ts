// A request handed to the app's real HTTP server as if it had arrived from another machine: a
// real IncomingMessage whose socket reports `remoteAddress`, emitted on the server's 'request'
// event, so the server's own routing and guards answer it. No packet leaves this machine.

import { IncomingMessage, type Server, ServerResponse } from 'node:http';
import { Socket } from 'node:net';

export interface RemoteRequest {
  remoteAddress: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

export function requestFrom(server: Server, r: RemoteRequest): Promise<{ status: number; body: string }> {
  const socket = new Socket();
  Object.defineProperty(socket, 'remoteAddress', { value: r.remoteAddress });
  const req = new IncomingMessage(socket);
  req.method = r.method;
  req.url = r.url;
  req.headers = { host: 'localhost:3000', ...(r.body ? { 'content-type': 'application/json' } : {}), ...r.headers };
  if (r.body) req.push(r.body);
  req.push(null);
  const res = new ServerResponse(req);
  return new Promise((resolve) => {
    let status = 200;
    // The answer is captured here: the socket is not connected to anything.
    res.writeHead = (code: number) => {
      status = code;
      return res;
    };
    res.end = ((chunk?: string | Buffer) => {
      resolve({ status, body: chunk === undefined ? '' : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : chunk });
      return res;
    }) as ServerResponse['end'];
    server.emit('request', req, res);
  });
}
