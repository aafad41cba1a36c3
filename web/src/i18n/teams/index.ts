// The messages of teams and notifications: importing this module registers them (see ../messages.ts).
// The app shell imports it at start: the header's notifications badge is on every screen.
import { registerMessages } from '../messages';
import { en } from './en';
import { fr } from './fr';
import { vi } from './vi';

registerMessages({ vi, en, fr });
