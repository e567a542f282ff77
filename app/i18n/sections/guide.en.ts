import type { Catalog } from '../fi';

export const guideEn: Catalog['guide'] = {
  title: 'Help',
  lead: 'A short guide for a busy official: how to assess a draft decision, what the scale means, and what happens to the assessment afterwards.',
  toc: 'Contents',

  purposeTitle: 'What Linssi is for',
  purposeText:
    'Every draft decision that goes to a municipal body is looked at through the municipal strategy before the meeting. The official who prepares the draft fills in a checklist: how the draft is likely to affect each principle of the strategy. A manager reviews the assessment, and once a year the vitality group (elinvoimaryhmä) gathers all assessments into its evaluation of the strategy for the council.',
  purposeStrategy: 'Municipality: {municipality}. Strategy in force: {strategy}.',
  purposeStrategyApproved: 'The strategy was approved by {body} on {date}.',
  purposeNoStrategy: 'No strategy has been put in force yet. Ask an administrator to add one.',
  purposeWhy:
    'An assessment usually takes 10–20 minutes. It makes the strategy visible in every decision, and your rationales later become material for the vitality group’s yearly evaluation. So write them so that they can be understood without reading the whole draft.',

  assessTitle: 'How to assess a draft decision',
  assessStep1:
    'Create the draft: choose “{newDecision}” in the menu, enter the title (the same as on the agenda), the case number, the decision-making body, the department, the meeting date and a short description, and choose “{create}”. The assessment uses the strategy in force on the meeting date.',
  assessStep1Confidential:
    'If the matter is confidential or concerns an individual company or person, tick “{confidential}”. The assessment is then seen only by those who saw the draft, and its title and texts are never shown in reports.',
  assessStep2:
    'Fill in the “{checklist}”, the checklist. For each principle you see its text (“{whatIsIt}”) and the questions under “{questions}”. Choose the impact on the scale (see below).',
  assessStep2Example: 'For example, for the principle “{title}” the checklist asks: “{question}”',
  assessStep3:
    'Write the rationale: why you chose this impact. A rationale is required except when the matter is not relevant to the principle. Two or three sentences are enough, as long as they say what in the draft has an effect and how.',
  assessStep4:
    'If the draft weakens a principle, also write how the harm is mitigated. A mitigation can be, for example, a substitute service, a transition period, follow-up or informing those affected.',
  assessStep5:
    'If the impact cannot be assessed yet, choose “{knowledgeGap}” and say in the rationale what information is missing and where it will come from. Knowledge gaps are shown to the manager and the vitality group so that they can be filled.',
  assessStep6: 'Mark the strategy projects the draft advances (none, one or several). They are not scored.',
  assessStep7:
    'You can choose “{saveDraft}” at any time and continue later. When every principle has been assessed and justified, choose “{submit}”. If something is missing, it is shown at the field, and nothing you typed is lost.',
  assessStep8:
    'The draft’s page shows the “{summary}”: the impact profile and a ready paragraph under “{agenda}”. Copy it into the draft decision’s Strategic impact section with the “{copy}” button.',
  assessArchiveTip:
    'Tip: search the “{archive}” for earlier, similar decisions. “{useAsBase}” copies their answers as the starting point of a new assessment; then check every answer.',

  scaleTitle: 'The scale',
  scaleIntro:
    'Assess the expected impact of the draft on each principle: does it strengthen or weaken what the principle aims at. Means and distributions use the numeric answers only (−2…+2); “Not relevant” and “Knowledge gap” are counted separately.',
  scaleCaption: 'The answers of the scale, what they mean and what you write',
  colValue: 'Value',
  colLabel: 'Answer',
  colMeaning: 'When to choose it',
  colWrite: 'What you write',
  noNumber: 'no number',
  meaning: {
    '2': 'The draft clearly advances the principle, and the effect is a central purpose of the matter. Example: a new daycare centre is built in the village centre, with families taking part in its planning.',
    '1': 'The draft supports the principle, but the effect is small or indirect. Example: a village association receives a grant for events at the village hall.',
    '0': 'The matter concerns the principle but does not change the situation either way. Example: the ordinary maintenance of a school building.',
    '-1': 'The draft moves somewhat away from what the principle aims at. Example: the library’s opening hours are shortened, but self-service hours remain.',
    '-2': 'The draft clearly goes against the principle. Consider alternatives too. Example: a village school is closed without leaving the village a place to meet.',
    not_relevant: 'The principle does not concern the matter at all. Example: choosing the people who check the minutes.',
    knowledge_gap:
      'The impact may be significant but cannot be assessed yet. Example: the effect of a change to a local detailed plan depends on a traffic study that is finished later.',
  },
  write: {
    positive: 'A rationale.',
    negative: 'A rationale, and how the harm is mitigated.',
    notRelevant: 'No texts required.',
    knowledgeGap: 'What information is missing and where it will come from.',
  },

  routineTitle: 'When a matter is routine',
  routineText:
    'Some matters have nothing to do with any principle of the strategy: for example, stating that the meeting is lawful and has a quorum, choosing the people who check the minutes, or matters for information. They need not be assessed principle by principle.',
  routineHow:
    'At the top of the checklist is “{routineTitle}”. Write one shared rationale in “{routineRationale}” and choose “{routineSubmit}”. Every principle is then marked “{notRelevant}”. Check the assessment and submit it for review like any other.',
  routineNot:
    'If even one principle is relevant, assess the draft in the usual way. A budget, a land-use decision or a change in the service network, for example, is not routine even if it is handled every year. Reports count routine items separately.',

  reviewTitle: 'The manager’s review',
  reviewText:
    'A submitted assessment is “{submitted}”. The manager of your department sees it under “{reviews}”, nearest meeting first; urgent ones (meeting within 7 days) are marked.',
  reviewManager:
    'The manager reads the answers and rationales and may comment on each principle and on the whole assessment (“{overallComment}”). Then they choose either “{approve}” or “{return}”. When returning, the overall comment is required: say what needs to be corrected.',
  reviewReturned:
    'A returned assessment is back with the official as “{returned}”. The comments are shown beside the answers. Correct and submit the assessment again. Nobody reviews their own assessment.',
  reviewHistory: 'Every save and change of state is kept. The “{history}” shows who changed what and when, and the differences between any two versions.',

  recordTitle: 'Recording the decision',
  recordText:
    'After the meeting the official (or an administrator) opens the draft whose assessment was approved and chooses “{record}”: the body’s decision (for example approved, approved with amendments, rejected or tabled), the section (§) of the minutes, and the meeting date if the matter was handled on another day than planned.',
  recordFrozen:
    'After that the assessment is “{decided}” and can no longer be changed. A decided, non-confidential assessment is visible to all staff in the “{archive}” and as an example on the principle pages of this guide. A confidential one is seen only by those who saw the draft.',

  evaluationTitle: 'The vitality group’s yearly evaluation',
  evaluationText:
    'Every year at the end of August the vitality group presents to the council its evaluation of how the strategy has been carried out and what should be made more precise. The evaluation period runs by default from 1 September to 31 August and is named by the year in which it ends.',
  evaluationStep1:
    'A preliminary evaluation together: the group opens a round on the “{evaluation}” page and writes its answers to the strategy’s evaluation questions, principle by principle. Beside them are the numbers (“{report}”): the answers of the approved and decided assessments, the decisions that strengthened and those that weakened each principle, with their mitigations.',
  evaluationStep2:
    'The management-team survey: the group opens the survey, and the managers answer the same questions on the “{survey}” page. An answer can be saved as a draft; once sent it can no longer be changed. The group sees the answers and who has not answered yet.',
  evaluationStep3:
    'The summary: the group writes the summary and the proposals, and marks the round sent to the municipal board, which freezes its texts. The board may comment on the evaluation when it forwards it to the council.',
  evaluationConfidential:
    'Confidential assessments are counted in the numbers, but their titles and texts are never shown. The group’s latest evaluation of each principle is shown on the principle’s guide page.',

  principlesTitle: 'The principles of the strategy',
  principlesIntro:
    'Each principle has its own guide page: the principle’s text, the questions to consider, examples of decisions that strengthened or weakened it, and the vitality group’s latest evaluation.',
  principlesNone: 'There is no strategy in force.',

  dimension: 'Part of the strategy',
  strategy: 'Strategy',
  olderVersion: 'This principle is not in the strategy in force. The page shows the principle from the strategy version “{name}” (in force from {from}).',
  draftVersion: 'This principle is in the strategy version “{name}”, which has not been put in force yet.',
  whatIsIt: 'What it is',
  noDescription: 'No description has been written for this principle.',
  questions: 'Consider when assessing',
  noQuestions: 'No questions have been written for this principle.',
  examplesTitle: 'Examples of decisions',
  examplesIntro:
    'The latest decided, non-confidential matters whose assessment found that they strengthened or weakened this principle. Confidential matters are not included.',
  strengthenedTitle: 'Decisions that strengthened the principle',
  weakenedTitle: 'Decisions that weakened the principle',
  noStrengthened: 'There are no decided, non-confidential matters that strengthened the principle yet.',
  noWeakened: 'There are no decided, non-confidential matters that weakened the principle yet.',
  projectExamplesTitle: 'Decisions that advanced the project',
  projectExamplesIntro: 'The latest decided, non-confidential matters whose assessment marked this strategy project as advanced.',
  noProjectExamples: 'There are no decided, non-confidential matters that advanced the project yet.',
  meeting: 'Meeting {date}',
  answer: 'Assessment',
  rationale: 'Rationale',
  mitigation: 'Mitigation',
  moreStrengthened: 'All decisions that strengthened the principle, in the decision archive',
  moreWeakened: 'All decisions that weakened the principle, in the decision archive',
  evaluationOfGroup: 'The vitality group’s evaluation',
  evaluationRound: '{round}, status: {status}.',
  evaluationNone: 'The vitality group has not yet written an evaluation of this principle.',
  questionNumber: 'Question {number}',
  backToGuide: 'Back to the user guide',
};
