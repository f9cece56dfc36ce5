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
    amountArg: ArgPathSchema.default('amount').describe('Argument path holding the amount.'),
    currencyArg: ArgPathSchema.optional().describe('Argument path holding the currency code.'),
    currency: z
      .string()
      .regex(/^[A-Za-z]{3}$/, 'expected an ISO 4217 code such as "USD"')
      .optional()
      .describe(
        'Currency the limits are in; a purchase in another currency is denied (it cannot be compared).',
      ),
    maxSingle: Amount.optional().describe('Most one purchase may cost.'),
    maxDaily: Amount.optional().describe('Most that may be spent on purchases per calendar day.'),
    maxCountPerDay: z.number().int().positive().optional().describe('Most purchases per calendar day.'),
    askAbove: Amount.optional().describe('Ask for approval for purchases above this amount.'),
    categoryArg: ArgPathSchema.default('category').describe('Argument path holding the category.'),
    blockedCategories: z
      .array(z.string().min(1))
      .optional()
      .describe('Categories never bought (case-insensitive).'),
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
