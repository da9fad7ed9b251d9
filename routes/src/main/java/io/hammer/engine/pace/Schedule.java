package io.hammer.engine.pace;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * One pod's share of a run's schedule of intended send times. With share f, the pod's orders due
 * by time t are {@code f x cumulative(t)}, so the pods' schedules add up to the run's. A change of
 * profile (a live rate change) or of share (a pod joined or left) starts a new regime at that
 * instant: orders due before it keep their times, the new terms apply from then on.
 *
 * <p>Slots are handed out in order and a slot's time is fixed by its number alone, so a slow target
 * or a full window delays the send but never the intended time that latency is measured from.
 */
public final class Schedule {
    /** From {@code start} on, the pod's due count is {@code due + share x (profile.cumulative(t) - profileDue)}. */
    private record Regime(double start, double due, RateProfile profile, double share, double profileDue) {
        double timeOf(double slot) {
            return Math.max(start, profile.timeOf(profileDue + (slot - due) / share));
        }
    }

    private final Deque<Regime> regimes = new ArrayDeque<>();
    private long taken;

    public Schedule(RateProfile profile, double share) {
        regimes.add(new Regime(0, 0, profile, checkShare(share), 0));
    }

    /** The run time (seconds since the run's start) of this pod's next send. */
    public synchronized double nextSlot() {
        long slot = taken++;
        Regime regime = regimes.getLast();
        for (Iterator<Regime> newestFirst = regimes.descendingIterator(); newestFirst.hasNext(); ) {
            regime = newestFirst.next();
            if (slot >= regime.due) {
                break;
            }
        }
        // Regimes every remaining slot is past are no longer needed.
        while (regimes.size() > 1 && slot >= second().due) {
            regimes.removeFirst();
        }
        return regime.timeOf(slot);
    }

    /**
     * From run time {@code now} on, follow {@code profile} with {@code share} of it. The new profile
     * agrees with the old one up to the instant it changed (a rate change, or a pause that began),
     * so what is due by now is counted on the new one: a pause adds nothing to catch up.
     */
    public synchronized void change(RateProfile profile, double share, double now) {
        Regime current = regimes.getLast();
        double start = Math.max(now, current.start);
        double due = current.due + current.share * (profile.cumulative(start) - profile.cumulative(current.start));
        regimes.add(new Regime(start, due, profile, checkShare(share), profile.cumulative(start)));
    }

    public synchronized RateProfile profile() {
        return regimes.getLast().profile;
    }

    public synchronized double share() {
        return regimes.getLast().share;
    }

    /** The rate this pod is asked for at run time t. */
    public synchronized double rateAt(double t) {
        Regime current = regimes.getLast();
        return current.share * current.profile.rateAt(t);
    }

    private Regime second() {
        Iterator<Regime> oldestFirst = regimes.iterator();
        oldestFirst.next();
        return oldestFirst.next();
    }

    private static double checkShare(double share) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be in (0, 1], was " + share);
        }
        return share;
    }
}
