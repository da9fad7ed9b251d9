package io.hammer.engine.deliver.fix;

import io.hammer.engine.deliver.fix.FixInbound.Event;
import org.springframework.stereotype.Component;
import quickfix.ApplicationAdapter;
import quickfix.Message;
import quickfix.SessionID;

/**
 * The initiator's QuickFIX/J application: hands logons, logouts and every message received (admin
 * ones too: a session Reject is one) to {@link FixInbound}, on the initiator's thread. Messages
 * sent and session creation need nothing. It never throws, so QuickFIX/J never rejects what the
 * target sends on Hammer's account.
 */
@Component
public class FixApplication extends ApplicationAdapter {
    private final FixInbound inbound;

    public FixApplication(FixInbound inbound) {
        this.inbound = inbound;
    }

    @Override
    public void onLogon(SessionID session) {
        inbound.onEvent(Event.LOGON, session, null);
    }

    @Override
    public void onLogout(SessionID session) {
        inbound.onEvent(Event.LOGOUT, session, null);
    }

    @Override
    public void fromAdmin(Message message, SessionID session) {
        inbound.onEvent(Event.ADMIN_MESSAGE, session, message);
    }

    @Override
    public void fromApp(Message message, SessionID session) {
        inbound.onEvent(Event.APP_MESSAGE, session, message);
    }
}
