/** Header text Tern decodes itself where imapflow's ENVELOPE and BODYSTRUCTURE lose bytes. */
import { describe, expect, it } from 'vitest';
import {
  addressNames,
  decodeEncodedWords,
  headerBytesText,
  parameterValue,
  repairedNames,
  repairedText,
} from '@/lib/mime/header-text';
import { headerValues } from '@/lib/mime/headers';

const latin1 = (text: string) => Buffer.from(text, 'latin1');

describe('raw header bytes', () => {
  it('reads UTF-8 as UTF-8, and 8-bit bytes that are not as Windows-1252 or the hint', () => {
    expect(headerBytesText(Buffer.from('Jürgen'))).toBe('Jürgen');
    // mail-mime-parser m0001: Outlook wrote Latin-1 straight into To and Subject.
    expect(headerBytesText(latin1('J\xfcrgen Schm\xfcrgen'))).toBe('Jürgen Schmürgen');
    expect(headerBytesText(latin1('\xd0\xd2\xc9\xd7\xc5\xd4'), 'koi8-r')).toBe('привет');
  });

  it('decodes each field of a header block on its own, unfolded', () => {
    const block = Buffer.concat([
      latin1('Subject: Die Hasen und die Fr\xf6sche\r\n'),
      Buffer.from('To: "Zoë" <z@x.test>,\r\n "Ann" <a@x.test>\r\n'),
    ]);
    const values = headerValues(block);
    expect(values.get('subject')).toEqual(['Die Hasen und die Frösche']);
    expect(values.get('to')).toEqual(['"Zoë" <z@x.test>, "Ann" <a@x.test>']);
  });
});

describe('RFC 2047 encoded words', () => {
  it.each([
    ['=?ISO-8859-1?Q?Caf=E9_cr=E8me?=', 'Café crème'],
    ['=?UTF-8?B?8J+Tpw==?= Test =?wIndoWS-874?Q?=E1=BE=B9?=', '📧 Test แพน'],
    // A character split across two words of one charset.
    ['=?UTF-8?B?w6k=?= =?UTF-8?B?w6k=?=', 'éé'],
    ['=?utf-8?q?a?= b =?utf-8?q?c?=', 'a b c'],
    // An unknown charset is read as undeclared text (mail-mime-parser headers/invalid-charset).
    ['TEST =?INVALID?Q?=A1Hola,_se=F1or!?=', 'TEST ¡Hola, señor!'],
    ['=?iso-8859-1*fr?Q?=E9t=E9?=', 'été'],
    ['no words here', 'no words here'],
  ])('%s', (encoded, decoded) => {
    expect(decodeEncodedWords(encoded)).toBe(decoded);
  });
});

describe('address display names', () => {
  it('reads names by address in every form, quoted commas included', () => {
    const names = addressNames(
      '"Doe, Jane" <Jane@X.test>, =?UTF-8?Q?Zo=C3=AB?= <zoe@x.test>, bob@x.test (Bob B), ' +
        'Team: ann@x.test, "A \\"q\\"" <q@x.test>;, plain@x.test',
    );
    expect(Object.fromEntries(names)).toEqual({
      'jane@x.test': 'Doe, Jane',
      'zoe@x.test': 'Zoë',
      'bob@x.test': 'Bob B',
      'q@x.test': 'A "q"',
    });
  });

  it('replaces only names imapflow garbled, and only with better ones', () => {
    const list = [
      { name: 'J\ufffdrgen', address: 'j@x.test' },
      { name: 'Ann', address: 'a@x.test' },
    ];
    expect(repairedNames(list, ['"Jürgen" <j@x.test>, "Other" <a@x.test>'])).toEqual([
      { name: 'Jürgen', address: 'j@x.test' },
      { name: 'Ann', address: 'a@x.test' },
    ]);
    expect(repairedNames(list, undefined)).toBe(list);
  });

  it('keeps imapflow’s text unless it lost bytes the raw field still has', () => {
    expect(repairedText('Fr\ufffdsche', 'Frösche')).toBe('Frösche');
    expect(repairedText('Fine', 'Other')).toBe('Fine');
    // The source itself holds U+FFFD: nothing better to show.
    expect(repairedText('phone\ufffd', 'phone\ufffd\ufffd')).toBe('phone\ufffd');
  });
});

describe('MIME parameters', () => {
  it('reads quoted and bare values, decoding encoded words', () => {
    const header = 'attachment; filename="Fr\u00f6sche \\"1\\".txt";x=1; name=plain.txt';
    expect(parameterValue(header, 'filename')).toBe('Frösche "1".txt');
    expect(parameterValue(header, 'name')).toBe('plain.txt');
    expect(parameterValue('inline; name="=?utf-8?Q?r=C3=A9sum=C3=A9.pdf?="', 'name')).toBe(
      'résumé.pdf',
    );
    expect(parameterValue('attachment', 'filename')).toBeUndefined();
  });
});
