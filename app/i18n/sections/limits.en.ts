import type { Catalog } from '../fi';

export const limitsEn: Catalog['limits'] = {
  tooLargeTitle: 'The data sent is too large',
  tooLarge: 'At most {size} MB can be sent to this address. Nothing was saved.',
  tooLargeShort: 'The data sent was too large, and it was not saved.',
  tooLargeHelp: 'Go back to the form, shorten the text or choose a smaller file, and send it again.',
  back: 'Back to the form',
  tooLargePlain: 'Request body too large: at most {size} MB.',
  tooManyHeaders: 'Too many header lines: at most {max}.',
};
