import { describe, expect, it } from 'vitest';
import { en } from '../src/i18n/en.js';
import { pl } from '../src/i18n/pl.js';
import { describeWarning, readFa3, type KsefWarning } from '../src/ksef/index.js';
import { fixture } from './helpers/ksef.js';

/** Warnings as a reader sees them: code, field and the English sentence. */
const said = (warnings: KsefWarning[]) =>
  warnings.map((w) => ({ code: w.code, field: w.field, message: describeWarning(en, w) }));
const warningsOf = (xml: string) => said(readFa3(xml).warnings);
const codes = (xml: string) => warningsOf(xml).map((w) => `${w.code} ${w.field}`);

/** Example 01 with P_15 corrected to the sum of its totals, so it raises no warning of its own. */
const consistent = () => fixture('mf-fa3-przyklad-01.xml').replace('<P_15>2051</P_15>', '<P_15>2050.99</P_15>');

describe('arithmetic warnings on FA(3) invoices (never refusals)', () => {
  it('are silent on a consistent invoice', () => {
    expect(warningsOf(consistent())).toEqual([]);
  });

  it('flag per-rate line sums, VAT on the per-rate sum and P_15 of a deliberately inconsistent invoice', () => {
    const xml = consistent()
      .replace('<P_11>40.65</P_11>', '<P_11>40.66</P_11>')
      .replace('<P_14_3>0.05</P_14_3>', '<P_14_3>0.06</P_14_3>')
      .replace('<P_15>2050.99</P_15>', '<P_15>2051.50</P_15>');
    const { warnings, content } = readFa3(xml);
    expect(said(warnings)).toEqual([
      {
        code: 'KSEF_LINES_NET_MISMATCH',
        field: 'P_13_1',
        message: "P_13_1 is 1666.66 but the lines' net values (P_11) at its rate add up to 1666.67",
      },
      { code: 'KSEF_VAT_MISMATCH', field: 'P_14_3', message: 'P_14_3 is 0.06 but the VAT on P_13_3 0.95 is 0.05' },
      {
        code: 'KSEF_TOTAL_MISMATCH',
        field: 'P_15',
        message: 'P_15 is 2051.50 but the net and VAT totals (P_13_x, P_14_x) add up to 2051.00',
      },
    ]);
    expect(content.totals.grossAmount).toBe('2051.50');
    expect(warnings.map((w) => describeWarning(pl, w))).toEqual([
      'P_13_1 wynosi 1666.66, a wartości netto wierszy (P_11) w jego stawce sumują się do 1666.67',
      'P_14_3 wynosi 0.06, a VAT od P_13_3 0.95 to 0.05',
      'P_15 wynosi 2051.50, a sumy netto i VAT (P_13_x, P_14_x) dają 2051.00',
    ]);
    expect(warnings[1]).toEqual({
      code: 'KSEF_VAT_MISMATCH',
      field: 'P_14_3',
      params: { vatGroup: 'P_14_3', vat: '0.06', group: 'P_13_3', net: '0.95', expected: ['0.05'] },
    });
  });

  it('compute VAT on the per-rate sum, not line by line', () => {
    // Three lines of 0.10 at 23%: 0.02 each line by line (0.06), 0.07 on the sum of 0.30.
    const lines = [1, 2, 3]
      .map(
        (i) =>
          `<FaWiersz><NrWierszaFa>${i}</NrWierszaFa><P_7>drobiazg</P_7><P_8A>szt.</P_8A><P_8B>1</P_8B><P_9A>0.10</P_9A><P_11>0.10</P_11><P_12>23</P_12></FaWiersz>`,
      )
      .join('');
    const invoice = (vat: string) =>
      fixture('mf-fa3-przyklad-01.xml')
        .replace(
          /<P_13_1>[\s\S]*<P_15>2051<\/P_15>/,
          `<P_13_1>0.30</P_13_1><P_14_1>${vat}</P_14_1><P_15>${0.3 + Number(vat)}</P_15>`,
        )
        .replace(/<FaWiersz>[\s\S]*<\/FaWiersz>/, lines);
    expect(codes(invoice('0.07'))).toEqual([]);
    expect(warningsOf(invoice('0.06'))).toEqual([
      { code: 'KSEF_VAT_MISMATCH', field: 'P_14_1', message: 'P_14_1 is 0.06 but the VAT on P_13_1 0.30 is 0.07' },
    ]);
  });

  it('check gross lines (P_11A) against P_13 + P_14, VAT being the part of the gross sum (106e ust. 7–8)', () => {
    // 2000.00 + 50.00 gross at 23%: VAT 2050 × 23 / 123 = 383.33, net 1666.67.
    const gross = (p13: string, p14: string) =>
      consistent()
        .replace(/<P_13_1>[^<]*<\/P_13_1>\s*<P_14_1>[^<]*<\/P_14_1>/, `<P_13_1>${p13}</P_13_1><P_14_1>${p14}</P_14_1>`)
        .replace(/<P_15>[^<]*<\/P_15>/, `<P_15>${(Number(p13) + Number(p14) + 1).toFixed(2)}</P_15>`)
        .replace(/<P_9A>1626.01<\/P_9A>\s*<P_11>1626.01<\/P_11>/, '<P_9B>2000</P_9B><P_11A>2000</P_11A>')
        .replace(/<P_9A>40.65<\/P_9A>\s*<P_11>40.65<\/P_11>/, '<P_9B>50</P_9B><P_11A>50</P_11A>');
    const { content, warnings } = readFa3(gross('1666.67', '383.33'));
    expect(warnings).toEqual([]);
    expect(content.lines[0]).toMatchObject({
      unitGrossPrice: '2000',
      grossAmount: '2000.00',
      vatAmount: '373.98',
      netAmount: '1626.02',
      unitNetPrice: '1626.02',
    });
    expect(warningsOf(gross('1666.66', '383.33'))).toEqual([
      {
        code: 'KSEF_LINES_GROSS_MISMATCH',
        field: 'P_13_1',
        message: "P_13_1 + P_14_1 is 2049.99 but the lines' gross values (P_11A) at its rate add up to 2050.00",
      },
    ]);
  });

  it('check the VAT in PLN of an invoice in a foreign currency against the lines’ exchange rates', () => {
    const euro = fixture('mf-fa3-przyklad-21.xml');
    expect(codes(euro)).toEqual([]);
    expect(codes(euro.replace(/<P_14_1W>[^<]*<\/P_14_1W>\s*/, ''))).toEqual(['KSEF_VAT_PLN_MISSING P_14_1W']);
    expect(warningsOf(euro.replace('<P_14_1W>13768.14', '<P_14_1W>13700.00'))).toEqual([
      {
        code: 'KSEF_VAT_PLN_MISMATCH',
        field: 'P_14_1W',
        message: 'P_14_1W is 13700.00 PLN but the VAT converted at the stated exchange rates is 13768.14 PLN',
      },
    ]);
  });

  it('take a correction as the difference of the rows after and before it', () => {
    const correction = fixture('mf-fa3-przyklad-02.xml');
    expect(codes(correction)).toEqual([]);
    expect(
      codes(correction.replace(/<P_9A>1463.41<\/P_9A>\s*<P_11>1463.41/, '<P_9A>1463.40</P_9A><P_11>1463.40')),
    ).toEqual(['KSEF_LINES_NET_MISMATCH P_13_1']);
  });

  it('take an advance invoice’s VAT from the advance (gross), without lines', () => {
    const advance = fixture('mf-fa3-przyklad-10.xml');
    expect(codes(advance)).toEqual([]);
    expect(
      codes(advance.replace('<P_14_1>3739.84', '<P_14_1>3739.00').replace('<P_15>20000', '<P_15>19999.16')),
    ).toEqual(['KSEF_VAT_MISMATCH P_14_1']);
  });
});
