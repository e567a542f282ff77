import type { Catalog } from '../fi';

export const legalEn: Catalog['legal'] = {
  footerNav: 'About the service',
  accessibilityLink: 'Accessibility statement',
  privacyLink: 'Privacy notice',
  guideLink: 'User guide',
  accessibility: {
    title: 'Accessibility statement',
    intro:
      'This accessibility statement applies to Linssi, the service with which {municipality} assesses how draft decisions affect the municipal strategy. It has been drawn up under the Act on the Provision of Digital Services (306/2019).',
    statusTitle: 'Compliance status',
    status: 'The service meets the accessibility requirements of WCAG 2.1 at levels A and AA.',
    howTitle: 'How accessibility was assessed',
    how1: 'Every page of the service is checked automatically with axe against the level A and AA rules of WCAG 2.0 and 2.1, in Finnish and in English, from the point of view of every user role, whenever the service changes.',
    how2: 'It is also tested that the checklist can be filled with the keyboard alone, that focus is visible, that error messages are shown at the fields and in a summary, that every form works without JavaScript, and that the pages work on a 375-pixel-wide screen without sideways scrolling.',
    how3: 'This is the service provider’s own assessment. The statement was drawn up on {date}.',
    limitsTitle: 'Known limitations',
    limits1:
      'The yearly report’s Word file has no charts; its figures are in tables. The charts are on the printable report page, where they have a text alternative.',
    limits2:
      'The import files (CSV, JSON) have a technical format. They are meant for the administrator, and errors are reported with the file’s line and column.',
    feedbackTitle: 'Feedback and contact',
    feedback: 'Did you notice an accessibility problem? Tell the municipality’s registry office or the service’s administrator. We answer within 14 days.',
    authorityTitle: 'Supervisory authority',
    authority:
      'If you notice accessibility problems, first give feedback to the service provider. If you are not satisfied with the answer, or get no answer within two weeks, you can report it to the Regional State Administrative Agency for Southern Finland (accessibility monitoring).',
    authorityContact:
      'Regional State Administrative Agency for Southern Finland, accessibility monitoring unit: www.saavutettavuusvaatimukset.fi, saavutettavuus@avi.fi, switchboard +358 295 016 000.',
  },
  privacy: {
    title: 'Privacy notice',
    intro: 'This notice tells what personal data the Linssi service processes and why (EU General Data Protection Regulation, Articles 13 and 14).',
    controllerTitle: 'Controller',
    controller:
      '{municipality}. Contact through the municipality’s registry office, which also gives the contact details of the municipality’s data protection officer.',
    purposeTitle: 'Purpose and legal basis',
    purpose:
      'The data is processed in the municipality’s preparation of decisions: assessing the strategic impact of draft decisions, the managers’ review and the vitality group’s yearly evaluation of the strategy. The legal basis is the performance of a task carried out in the public interest and in the exercise of official authority (GDPR Article 6(1)(e)).',
    dataTitle: 'Data processed',
    data1: 'The user’s name, user name, e-mail address (if given), roles and departments.',
    data2: 'The assessments, reviews and comments the user makes, their history of changes, and who made them and when.',
    data3:
      'Logs: logins, failed login attempts (user name and network address), changes, and views of confidential assessments. Of passwords only a hash is stored.',
    sourcesTitle: 'Sources',
    sources: 'The data comes from the municipality’s administrator (user accounts) and from the users themselves as they use the service.',
    retentionTitle: 'Retention',
    retention:
      'Assessments are part of the documents of the preparation of decisions and are kept according to the municipality’s records management plan. A deactivated user’s name stays on the assessments they made. Session data is removed when the session ends.',
    recipientsTitle: 'Disclosures',
    recipients:
      'The data is not disclosed outside the service nor transferred outside the EU or the EEA. Decided, non-confidential assessments may become public as part of the decision documents under the Act on the Openness of Government Activities.',
    rightsTitle: 'Your rights',
    rights:
      'You have the right to access your data, to have inaccurate data rectified, to restrict processing and to object to processing under the GDPR. Requests go to the municipality’s registry office. You may lodge a complaint with the Office of the Data Protection Ombudsman (www.tietosuoja.fi) if you consider that the processing of your personal data infringes data protection law.',
    securityTitle: 'Security',
    security:
      'Users log in with a personal account. Each sees only the assessments their role and department allow. Connections are encrypted, passwords are stored as hashes and every change is recorded in the audit log.',
  },
};
