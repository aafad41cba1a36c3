// The messages of the investigator's identifiers, hits and information requests: importing this module
// registers them (see ../messages.ts); the case's identifiers tab, the information requests screen and the
// notifications import it, all loaded on demand.
import { registerMessages } from '../messages';
import { en } from './en';
import { fr } from './fr';
import { vi } from './vi';

registerMessages({ vi, en, fr });
