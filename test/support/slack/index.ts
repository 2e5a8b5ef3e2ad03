// The Slack test kit, for any test that needs Slack on the other end (the Slack e2e stories, or a
// cross-platform story with a Teams technician and a Slack agent):
//
//   SlackFake      fake.ts      the Web API: SlackFake.start(), .url (for SLACK_API_URL), .calls,
//                               .messages(channel?), .thread(channel, ts), .ephemerals(user?),
//                               .responses(), .dmOf(user), .usergroup(), .channelMembers(),
//                               .botNotIn(), .rateLimitOnce(), .limitPostsPerChannel(), .failOnce(),
//                               .waitFor(), .quiet(), .malformed(), .close(); SlackFake.textOf(x)
//   SlackSender    requests.ts  signed requests as Slack sends them: .command(), .event(), .click(),
//                               .submitView(), .send(); messageEvent(), signature(), signedHeaders()
//   SlackWorld     harness.ts   the real app started on the fake, with story moves (begin, say,
//                               click, submitted, cardOf, cardWhen, submitForm, ...), per driver;
//                               { socketMode: true }: the app in Socket Mode, moves as envelopes
//   SlackSocketMode socket.ts   Socket Mode: apps.connections.open, hello, envelopes and acks,
//                               .opened(), .deliver(), .disconnect(reason), .drop(), .late()

export { SlackFake, validateBlocks, validateView, type SlackCall, type SlackMessage } from './fake.js';
export {
  SlackSender,
  messageEvent,
  signature,
  signedHeaders,
  triggerId,
  eventId,
  type SlackHttpResponse,
  type Transport,
  type DeliveryKind,
} from './requests.js';
export {
  SlackSocketMode,
  SOCKET_APP_TOKEN,
  ACK_DEADLINE_MS,
  type Envelope,
  type SocketConnection,
  type DisconnectReason,
} from './socket.js';
