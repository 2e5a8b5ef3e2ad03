// Slack in Socket Mode, end to end, on Redis: the stories of socket-mode.test.ts (see
// test/support/slack/socket-mode-stories.ts), in a file of their own so that they run beside the
// memory driver's rather than after them.

import { socketModeStories } from '../../support/slack/socket-mode-stories.js';
import { describeRedis } from '../../support/redis.js';

describeRedis('Slack in Socket Mode · redis', () => socketModeStories('redis'));
