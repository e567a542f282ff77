import type { Catalog } from '../fi';

export const adminEn: Catalog['admin'] = {
  title: 'Administration',
  intro:
    'Here an administrator manages the users, the organisation, the versions of the municipal strategy and the import of earlier assessments. Every change is recorded in the audit log.',
  sectionsNav: 'Administration sections',
  users: 'Users',
  usersText: 'Add users, give them roles and departments, reset a password or deactivate a user.',
  organisation: 'Organisation',
  organisationText: 'The municipality’s name and logo, the decision-making bodies and the departments.',
  strategy: 'Municipal strategy',
  strategyText: 'Strategy versions: start a new version, edit the principles, preview, activate, and import or export as JSON.',
  import: 'Import assessments',
  importText: 'Import assessments made earlier in a spreadsheet from a CSV file.',
  audit: 'Audit log',
  auditText: 'Who did what and when: logins, changes and views of confidential assessments.',
};
