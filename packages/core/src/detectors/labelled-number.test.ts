import { describe, expect, it } from 'vitest';
import { isLabelled, PHONE_LABEL, SSN_LABEL } from './labelled-number.ts';

const labelled = (text: string, number: string, label = PHONE_LABEL) =>
  isLabelled(text, text.indexOf(number), label);

describe('isLabelled', () => {
  it('takes a label a few words before the number, in prose, JSON keys and other languages', () => {
    expect(labelled('Please call Peter King at 7432436355 today', '7432436355')).toBe(true);
    expect(labelled('{"telefon": "0505-83 49 04"}', '0505')).toBe(true);
    expect(labelled('Proszę oddzwonić do Dawid Helak pod numer 22 364 09 46.', '22 364')).toBe(true);
    expect(labelled('send_sms(to="06263921495")', '0626')).toBe(true);
    expect(labelled('Τηλέφωνο: 210 8335932', '210')).toBe(true);
    expect(labelled('SSN: 640038066', '640038066', SSN_LABEL)).toBe(true);
  });

  it('takes the name of the field the text is the value of as a label before the text', () => {
    expect(isLabelled('0612345678', 0, PHONE_LABEL, 64, 'mobile')).toBe(true);
    expect(isLabelled('office: 0612345678', 8, PHONE_LABEL, 64, 'phone')).toBe(true);
    expect(isLabelled('ext 12, then 0612345678', 13, PHONE_LABEL, 64, 'phone')).toBe(false);
    expect(isLabelled('0612345678', 0, PHONE_LABEL, 64, 'phone_id')).toBe(false);
    expect(isLabelled('0612345678', 0, PHONE_LABEL, 64, 'order')).toBe(false);
    expect(isLabelled('640038066', 0, SSN_LABEL, 32, 'applicant_ssn')).toBe(true);
  });

  it('refuses a label with a digit between it and the number: it belongs to an earlier one', () => {
    expect(labelled('{"phone": "+1 415 555 0132", "order": "12345678"}', '12345678')).toBe(false);
    expect(labelled('Call 2 at 5 and 960 99 20 30', '960')).toBe(false);
    expect(labelled('phone 1234 then 96099203011', '9609')).toBe(false);
  });

  it('looks past a date or a time of day between the label and the number', () => {
    expect(labelled('Callback requested 10/28/2024 09:30 — 960 99 20 30', '960')).toBe(true);
    expect(labelled('Phone (mobile, after 5pm): 960 99 20 30', '960')).toBe(true);
    expect(labelled('Tel. (ab 2024-01-15, 8.30 Uhr): 030 1234567', '030')).toBe(true);
  });

  it('refuses identifiers and words that name a count, id or time', () => {
    expect(labelled('call_id: 12345678', '12345678')).toBe(false);
    expect(labelled('{"phoneCount": "12345678"}', '12345678')).toBe(false);
    expect(labelled('Call duration 12345678 ms', '12345678')).toBe(false);
    expect(labelled('ssn_count 078051123', '078051123', SSN_LABEL)).toBe(false);
  });

  it('refuses words that only contain a label, and labels too far back', () => {
    expect(labelled('recall 0612345678', '0612345678')).toBe(false);
    expect(labelled('Hotel 12345678', '12345678')).toBe(false);
    expect(labelled('telemetry 123456789', '123456789')).toBe(false);
    expect(labelled(`phone ${'x'.repeat(70)} 0612345678`, '0612345678')).toBe(false);
  });
});
