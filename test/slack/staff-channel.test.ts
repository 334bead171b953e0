import { describe, expect, it } from '@jest/globals';
import { startSlackTestApp } from '../support/slack-test-app.js';

/** Starts the app with the staff channel as given; returns the warnings logged and /joren help. */
async function startWith(visibility: { isPrivate?: boolean; isShared?: boolean; isExtShared?: boolean }) {
  const lines: Record<string, unknown>[] = [];
  const t = await startSlackTestApp({
    env: { LOG_LEVEL: 'warn' },
    logTo: { write: (line) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
    staffChannelVisibility: visibility,
  });
  try {
    const help = await t.command(t.staff, '/joren', 'help');
    const english = await (async () => {
      await t.command(t.staff, '/joren', 'language en');
      return t.command(t.staff, '/joren', 'help');
    })();
    const warnings = lines.filter((line) => String(line.msg).includes('exposes customers'));
    return { help: help.text, english: english.text, warnings };
  } finally {
    await t.stop();
  }
}

describe('a staff channel people other than staff can read', () => {
  it('is warned about at start-up and at the top of /joren help when public', async () => {
    const { help, english, warnings } = await startWith({ isPrivate: false });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ level: 40, public: true, staffChannel: 'C0STAFF0001' });
    expect(help).toMatch(
      /^⚠️ \*このスタッフチャンネルはスタッフ以外にも見えます（ワークスペースの全員が読める公開チャンネル）。\*/,
    );
    expect(help).toContain('Joren の使い方');
    expect(english).toMatch(/^⚠️ \*This staff channel can be read by people who are not staff/);
  });

  it('names Slack Connect sharing of a private channel', async () => {
    const { help, warnings } = await startWith({ isPrivate: true, isExtShared: true });
    expect(warnings).toHaveLength(1);
    expect(help).toContain('社外と共有（Slack コネクト）');
    expect(help).not.toContain('公開チャンネル');
  });

  it('says nothing of the kind for a private channel', async () => {
    const { help, warnings } = await startWith({ isPrivate: true });
    expect(warnings).toEqual([]);
    expect(help).toMatch(/^\*Joren の使い方\*/);
  });
});
