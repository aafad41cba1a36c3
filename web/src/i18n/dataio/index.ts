// The messages of data in and out (exports, printing, attachments, roster duplicates): importing this
// module registers them (see ../messages.ts); the components that use them import it.
import { registerMessages } from '../messages';
import { en } from './en';
import { fr } from './fr';
import { vi } from './vi';

registerMessages({ vi, en, fr });
