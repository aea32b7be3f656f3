import React from 'react';
import { useTranslation } from 'adminjs';
import { Box, CurrentUserNav } from '@adminjs/design-system';

/**
 * The top bar's user menu (replaces AdminJS's LoggedIn). AdminJS's logout entry follows a GET
 * link; logout is POST only (src/admin/auth.ts), so that a link or an image on another page of
 * the site cannot end a session. This entry posts a form to the logout path instead: a
 * same-origin POST, which the Origin check lets through.
 */
const LoggedIn: React.FC<any> = ({ session, paths }) => {
  const { translateButton } = useTranslation();
  const logout = (event: Event): void => {
    event.preventDefault();
    const form = document.createElement('form');
    form.method = 'post';
    form.action = paths.logoutPath;
    form.setAttribute('data-testid', 'logout-form');
    document.body.appendChild(form);
    form.submit();
  };
  return (
    <Box flexShrink={0} data-css="logged-in" data-testid="logged-in">
      <CurrentUserNav
        name={session.email}
        title={session.title}
        avatarUrl={session.avatarUrl}
        dropActions={[{ label: translateButton('logout'), onClick: logout as never, icon: 'LogOut' }]}
      />
    </Box>
  );
};

export default LoggedIn;
