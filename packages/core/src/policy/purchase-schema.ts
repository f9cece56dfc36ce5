import { z } from 'zod';
import {
  ArgPathSchema,
  GuardOptionsShape,
  LimitScopeSchema,
  TimeZoneSchema,
  ToolGlobsSchema,
} from './common-schema.ts';

const Amount = z.number().nonnegative();

/** Purchases made by an agent: per-purchase and daily caps, categories and merchants. */
export const PurchaseGuardSchema = z
  .strictObject({
    tools: ToolGlobsSchema.default([
      'purchase*',
      'buy*',
      'checkout*',
      'place_order',
      'create_order',
      '*_purchase',
      '*_buy',
    ]).describe('Tools that make purchases.'),
    amountArg: ArgPathSchema.default('amount').describe(
      'Argument path holding the amount. A path reaching several values (`items[*].price`) is a purchase of their sum, and each must be a valid amount.',
    ),
    currencyArg: ArgPathSchema.optional().describe(
      'Argument path holding the currency code (default `currency`). Set explicitly, it makes the currency required: with `currency` set, a purchase that names none is denied.',
    ),
    currency: z
      .string()
      .regex(/^[A-Za-z]{3}$/, 'expected an ISO 4217 code such as "USD"')
      .optional()
      .describe(
        'Currency the limits are in; a purchase naming another currency at `currencyArg` is denied (it cannot be compared). One naming none is taken to be in this currency, unless `currencyArg` is set.',
      ),
    maxSingle: Amount.optional().describe('Most one purchase may cost.'),
    maxDaily: Amount.optional().describe(
      'Most that may be spent on purchases per calendar day, counted in cents: each purchase is rounded up to a whole cent.',
    ),
    maxCountPerDay: z.number().int().positive().optional().describe('Most purchases per calendar day.'),
    askAbove: Amount.optional().describe('Ask for approval for purchases above this amount.'),
    categoryArg: ArgPathSchema.default('category').describe('Argument path holding the category.'),
    blockedCategories: z
      .array(z.string().min(1))
      .optional()
      .describe(
        'Categories never bought. Compared after Unicode normalisation, ignoring case, accents, invisible characters and letters that only look Latin; a blocked category also matches as a whole word of a longer one ("gambling" blocks "Gambling & Casinos"), and every string of a list or object category is read.',
      ),
    merchantArg: ArgPathSchema.default('merchant').describe('Argument path holding the merchant.'),
    allowedMerchants: ToolGlobsSchema.optional().describe('Only these merchants (globs, case-insensitive).'),
    per: LimitScopeSchema.default('user').describe('Whose purchases the daily limits count.'),
    timezone: TimeZoneSchema,
    ...GuardOptionsShape,
  })
  .meta({
    description:
      'Purchases made by an agent: per-purchase and daily caps, categories and merchants. A purchase without a readable amount is denied.',
    examples: [
      {
        tools: ['buy_item', 'checkout'],
        amountArg: 'amount',
        currencyArg: 'currency',
        currency: 'USD',
        maxSingle: 100,
        maxDaily: 500,
        maxCountPerDay: 10,
        askAbove: 50,
        blockedCategories: ['gambling', 'crypto'],
        allowedMerchants: ['*.shop.example', 'amazon'],
      },
    ],
  });

export type PurchaseGuardConfig = z.infer<typeof PurchaseGuardSchema>;
