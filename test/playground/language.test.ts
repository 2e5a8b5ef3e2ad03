// The playground's language pickers without a browser: the session names the six languages, the
// Support pane's choice becomes the playground's support language (never the deployment's), a
// refused choice changes nothing, and a pane's Teams locale is what the bot answers in.

import { afterEach, describe, expect, it } from 'vitest';
import { readable, type PlaygroundRig, startPlayground } from '../support/playground/directline.js';

let rig: PlaygroundRig | undefined;
afterEach(async () => {
  await rig?.app.stop();
  rig = undefined;
});

const session = async (base: string) =>
  (await (await fetch(`${base}/playground/session`)).json()) as {
    languages: Array<{ code: string; name: string }>;
    supportLanguage: string;
  };

const chooseSupport = (base: string, body: unknown) =>
  fetch(`${base}/playground/support-language`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('the playground speaks any of the six languages on each side', () => {
  it('offers the six languages, each named in itself, with English for support at first', async () => {
    rig = await startPlayground();
    const s = await session(rig.base);
    expect(s.languages).toEqual([
      { code: 'en', name: 'English' },
      { code: 'de', name: 'Deutsch' },
      { code: 'fr', name: 'Français' },
      { code: 'es', name: 'Español' },
      { code: 'it', name: 'Italiano' },
      { code: 'nl', name: 'Nederlands' },
    ]);
    expect(s.supportLanguage).toBe('en');
    const page = await (await fetch(rig.base)).text();
    expect(page).toContain('<select id="language-technician" data-pane="technician">');
    expect(page).toContain('<select id="language-support" data-pane="support">');
    expect(page).toContain('<option value="nl">Nederlands</option>');
  });

  it("sets the playground's support language from the Support pane, and never the deployment's", async () => {
    rig = await startPlayground();
    const refused = await chooseSupport(rig.base, { locale: 'pt' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('one of en, de, fr, es, it, nl');
    expect((await session(rig.base)).supportLanguage).toBe('en');

    const chosen = await chooseSupport(rig.base, { locale: 'fr' });
    expect(chosen.status).toBe(200);
    expect((await session(rig.base)).supportLanguage).toBe('fr');
    expect(rig.own.desk.settings.supportLanguage).toBe('fr');
    expect(rig.app.desk.settings.supportLanguage).toBe('en');
  });

  it("answers the Technician pane in the language of its client's locale", async () => {
    rig = await startPlayground();
    const { technician } = rig;
    await technician.post({ type: 'message', text: 'camreset', locale: 'de-DE' });
    const welcome = await technician.waitFor(
      (a) => a.from !== undefined && /CR-\w{4}/.test(readable(a)) && (a.from as { role?: string }).role === 'bot',
    );
    expect(readable(welcome)).not.toMatch(/Password reset CR-\w{4} started/);
    expect(readable(welcome)).toContain('Challenge-Code');
  });
});
