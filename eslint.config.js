// Lint: typescript-eslint's recommended rules over the TypeScript sources, and the
// rule that keeps every access decision in src/access: comparing roles or agencies
// anywhere else is an error (issue 9: each such place in the review leaked).
import tseslint from 'typescript-eslint';

const ROLE_NAMES =
  '/^(system_admin|agency_admin|intake_officer|investigator|caseworker|health_screener|hotline_operator|prosecutor|partner|analyst|auditor|supervisor)$/';
const WHERE_CALL = "CallExpression:matches([callee.property.name=/^(where|orWhere|on|having)$/], [callee.name='eb'])";
const ACTOR_AGENCY = "MemberExpression[object.name='actor'][property.name='agencyId']";

/** Access decisions made outside src/access: each pattern with what to do instead. */
const accessDecisions = [
  {
    selector:
      "CallExpression[callee.object.property.name='roles'][callee.property.name=/^(includes|some|every|indexOf|find|findIndex|filter)$/]",
    message: 'Role checks belong in src/access (policy.ts, account-policy.ts): call a policy function instead.',
  },
  {
    selector: `Literal[value=${ROLE_NAMES}]`,
    message: 'A role name outside src/access is a role check in disguise: ask the policy (src/access) instead.',
  },
  {
    selector: 'BinaryExpression[operator=/^[!=]==?$/][left.property.name=/agency_?id$/i]',
    message: 'Agency comparisons belong in src/access: use a policy function or a policy-sql.ts condition.',
  },
  {
    selector: 'BinaryExpression[operator=/^[!=]==?$/][right.property.name=/agency_?id$/i]',
    message: 'Agency comparisons belong in src/access: use a policy function or a policy-sql.ts condition.',
  },
  {
    selector: `${WHERE_CALL} > ${ACTOR_AGENCY}`,
    message: "Filtering by the caller's agency belongs in src/access/policy-sql.ts (e.g. ownAgencyCondition).",
  },
  {
    selector: `TaggedTemplateExpression ${ACTOR_AGENCY}`,
    message: "Filtering by the caller's agency belongs in src/access/policy-sql.ts (e.g. callerAgencyCondition).",
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'web/dist/', 'coverage/', 'scratch/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  { files: ['src/cli/**', 'bench/**', 'tools/**', 'src/main.ts', '.ci/**'], rules: { 'no-console': 'off' } },
  {
    // The web app too: it shows what the server's `can` says, and never decides from roles or agency ids.
    files: ['src/**/*.ts', 'web/src/**/*.ts', 'web/src/**/*.tsx'],
    // src/access decides; the code lists (contract/codes.ts, contract/reference/) define the role names; the demo
    // data set assigns roles to its synthetic users; the web app's catalogues label the roles.
    ignores: [
      'src/access/**',
      'src/contract/codes.ts',
      'src/contract/reference/**',
      'src/cli/demo.ts',
      '**/*.test.ts',
      'web/src/i18n/**',
    ],
    rules: { 'no-restricted-syntax': ['error', ...accessDecisions] },
  },
  {
    // The web app runs only the pure parts of the contract (web/src/contract.ts gathers them): the schemas (zod)
    // and the reference data (countries of the world) would weigh on every page. Types from anywhere are free.
    files: ['web/src/**/*.ts', 'web/src/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '/src/contract/(schemas|reference(?!/labels)|text)\\b|^zod$',
              allowTypeImports: true,
              message: 'The web app imports only types from the schemas and reference data (see web/src/contract.ts).',
            },
            {
              regex: '/src/(?!contract/)',
              message: 'The web app shares only src/contract with the server.',
            },
          ],
        },
      ],
    },
  },
);
