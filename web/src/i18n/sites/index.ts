// The campaign sites screen's messages: importing this module registers them (see ../messages.ts).
import { registerMessages } from '../messages';
import { en } from './en';
import { fr } from './fr';
import { vi } from './vi';

registerMessages({ vi, en, fr });
