import { describe, expect, it } from 'vitest';
import { findEmailAddresses } from './email-address.ts';

const spans = (text: string) => findEmailAddresses(text).map((f) => text.slice(f.start, f.end));

describe('findEmailAddresses', () => {
  it('finds several addresses in prose', () => {
    expect(spans('try info@presidio.site or anotherinfo@presidio.site.')).toEqual([
      'info@presidio.site',
      'anotherinfo@presidio.site',
    ]);
  });

  it('accepts plus-addressing, punycode and Unicode domains', () => {
    expect(spans('jane.doe+tag@example.co.uk, a@xn--d1acufc.xn--p1ai, user@bücher.de')).toEqual([
      'jane.doe+tag@example.co.uk',
      'a@xn--d1acufc.xn--p1ai',
      'user@bücher.de',
    ]);
  });

  it('leaves out Chinese and Japanese text written against an address, not an address in it', () => {
    expect(spans('メールはj1xp@hotmail.co.jpです 邮箱lm1i@yahoo.cn 用户@例子.中国')).toEqual([
      'j1xp@hotmail.co.jp',
      'lm1i@yahoo.cn',
      '用户@例子.中国',
    ]);
  });

  it('rejects a missing TLD, a dangling dot and URL userinfo', () => {
    expect(spans('my email is info@presidio. and hello-world here')).toEqual([]);
    expect(spans('https://user:pass@example.com/x')).toEqual([]);
    expect(spans('john.@example.com')).toEqual([]);
  });

  it('keeps a mailto: address', () => {
    expect(spans('mailto:jane@example.com')).toEqual(['jane@example.com']);
  });

  it("accepts ' and & inside the local part, but not as quotes around the address", () => {
    expect(spans("o'reilly@example.com and 'jane@example.com' and tom&jerry@example.org")).toEqual([
      "o'reilly@example.com",
      'jane@example.com',
      'tom&jerry@example.org',
    ]);
  });

  it('finds an address after a label and a colon, but not the password of URL user info', () => {
    expect(spans('Email:jane@example.com, From:bob.smith@example.org')).toEqual([
      'jane@example.com',
      'bob.smith@example.org',
    ]);
    expect(spans('see ftp://user:secret@files.example.com/x')).toEqual([]);
  });

  it('rejects image files named for a pixel density', () => {
    expect(spans('logo@2x.png icon@3x.JPG')).toEqual([]);
  });
});
