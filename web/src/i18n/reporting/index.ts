// The hotline desk's messages (issue 14 §2): importing this module registers them (see ../messages.ts).
import { registerMessages } from '../messages';
import { en } from './en';
import { fr } from './fr';
import { vi } from './vi';

registerMessages({ vi, en, fr });
