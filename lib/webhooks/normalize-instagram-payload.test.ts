import { describe, expect, it } from 'vitest';
import { buildSamplePayload } from './build-sample-payload';
import { normalizeInstagramPayload } from './normalize-instagram-payload';

const at = new Date('2026-01-02T03:04:05.000Z');

describe('[WEBHOOKS] normalising Meta payloads', () => {
  it('turns a comment change into an event with the comment’s id', () => {
    const events = normalizeInstagramPayload(
      {
        object: 'instagram',
        entry: [
          {
            id: '17841400000000001',
            time: 1_767_323_045,
            changes: [
              {
                field: 'comments',
                value: {
                  from: { id: '232323232', username: 'test' },
                  media: { id: '123123123', media_product_type: 'FEED' },
                  id: '17865799348089039',
                  parent_id: '1231231234',
                  text: 'This is an example.',
                },
              },
            ],
          },
        ],
      },
      at,
    );
    expect(events).toEqual([
      {
        id: '17865799348089039',
        eventType: 'comments',
        sender: { id: '232323232', username: 'test' },
        content: 'This is an example.',
        timestamp: new Date(1_767_323_045_000).toISOString(),
        accountId: '17841400000000001',
      },
    ]);
  });

  it('uses the mid of a direct message and its millisecond timestamp', () => {
    const [event] = normalizeInstagramPayload({
      object: 'instagram',
      entry: [
        {
          id: '17841400000000001',
          time: 1_767_323_045_123,
          messaging: [
            { sender: { id: '555' }, recipient: { id: '17841400000000001' }, timestamp: 1_767_323_045_999, message: { mid: 'aWdf_mid', text: 'hey' } },
          ],
        },
      ],
    });
    expect(event).toEqual({
      id: 'aWdf_mid',
      eventType: 'messages',
      sender: { id: '555', username: null },
      content: 'hey',
      timestamp: new Date(1_767_323_045_999).toISOString(),
      accountId: '17841400000000001',
    });
  });

  it('uses the comment id of a mention, or the media id for a caption mention', () => {
    const events = normalizeInstagramPayload({
      object: 'instagram',
      entry: [
        {
          id: '1',
          time: 1,
          changes: [
            { field: 'mentions', value: { comment_id: '900', media_id: '800' } },
            { field: 'mentions', value: { media_id: '801' } },
          ],
        },
      ],
    });
    expect(events.map((e) => [e.eventType, e.id, e.sender.id])).toEqual([
      ['mentions', '900', ''],
      ['mentions', '801', ''],
    ]);
  });

  it('skips reads, reactions, echoes and deleted messages, and describes attachment-only messages', () => {
    const events = normalizeInstagramPayload({
      object: 'instagram',
      entry: [
        {
          id: '1',
          messaging: [
            { sender: { id: '2' }, read: { mid: 'r' } },
            { sender: { id: '2' }, reaction: { mid: 'x', action: 'react', reaction: 'love' } },
            { sender: { id: '1' }, message: { mid: 'echo', text: 'mine', is_echo: true } },
            { sender: { id: '2' }, message: { mid: 'gone', is_deleted: true } },
            { sender: { id: '2' }, message: { mid: 'pic', attachments: [{ type: 'image', payload: { url: 'https://x' } }] } },
          ],
        },
      ],
    });
    expect(events.map((e) => [e.id, e.content])).toEqual([['pic', '[attachment]']]);
  });

  it('skips items it cannot read and keeps the others', () => {
    const events = normalizeInstagramPayload(
      {
        object: 'instagram',
        entry: [
          null,
          { id: '' },
          { id: 'x'.repeat(65), changes: [{ field: 'comments', value: { id: '1' } }] },
          {
            id: 7,
            time: 'soon',
            changes: [{ field: 'comments', value: { id: ['a'] } }, { field: 'feed', value: { id: '2' } }, { field: 'live_comments', value: { id: 3, text: 'ok' } }],
          },
        ],
      },
      at,
    );
    expect(events).toEqual([
      { id: '3', eventType: 'live_comments', sender: { id: '', username: null }, content: 'ok', timestamp: at.toISOString(), accountId: '7' },
    ]);
  });

  it('ignores bodies that are not Instagram’s', () => {
    for (const body of [null, 'x', [], {}, { object: 'page', entry: [{ id: '1', changes: [{ field: 'comments', value: { id: '1' } }] }] }]) {
      expect(normalizeInstagramPayload(body)).toEqual([]);
    }
  });

  it('reads every sample payload the sample command sends', () => {
    for (const type of ['comments', 'messages', 'mentions', 'live_comments'] as const) {
      const events = normalizeInstagramPayload(buildSamplePayload({ accountId: '42', type, id: `id-${type}` }));
      expect(events).toEqual([expect.objectContaining({ id: `id-${type}`, eventType: type, accountId: '42' })]);
    }
  });
});
