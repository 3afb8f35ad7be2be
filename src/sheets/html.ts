/** Text made safe to put into the HTML of a sidebar or dialog (account text is never markup): the domain's one escape. */
export { esc } from '../domain/escape';
