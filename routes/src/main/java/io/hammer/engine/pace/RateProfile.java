package io.hammer.engine.pace;

import io.hammer.engine.run.RunStore;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's rate over time: segments one after the other from the run's start (t = 0, in seconds),
 * the last segment's final rate holding to the end of the run. {@link #cumulative(double)} is the
 * number of orders due by t and {@link #timeOf(double)} its inverse: the schedule of intended
 * send times is exact, not an accumulation of rounded intervals.
 */
public final class RateProfile {
    private final List<Piece> pieces;

    /**
     * The segment's course from {@code offset} (its own time) on, placed at [start, end); orders
     * due before {@code start} are {@code dueAtStart}. The offset lets a pause cut a segment in two.
     */
    private record Piece(double start, double end, RateSegment segment, double offset, double dueAtStart) {
        Piece(double start, double end, RateSegment segment, double dueAtStart) {
            this(start, end, segment, 0, dueAtStart);
        }

        double rateAt(double t) {
            return segment.rateAt(t - start + offset);
        }

        double due(double t) {
            return dueAtStart + segment.count(t - start + offset) - segment.count(offset);
        }

        double timeOf(double due) {
            return start + segment.timeOf(due - dueAtStart + segment.count(offset)) - offset;
        }

        double dueAtEnd() {
            return Double.isInfinite(end) ? Double.POSITIVE_INFINITY : due(end);
        }
    }

    /** Each piece's end and orders due at its end, for binary search: a replayed run has hundreds of pieces. */
    private final double[] ends;
    private final double[] dueAtEnds;

    private RateProfile(List<Piece> pieces) {
        this.pieces = List.copyOf(pieces);
        this.ends = pieces.stream().mapToDouble(Piece::end).toArray();
        this.dueAtEnds = pieces.stream().mapToDouble(Piece::dueAtEnd).toArray();
    }

    public static RateProfile of(List<RateSegment> segments) {
        if (segments == null || segments.isEmpty()) {
            throw new IllegalArgumentException("a rate profile needs at least one segment");
        }
        List<Piece> pieces = new ArrayList<>();
        double start = 0;
        double due = 0;
        for (RateSegment segment : segments) {
            Piece piece = new Piece(start, start + segment.duration(), segment, due);
            pieces.add(piece);
            if (Double.isInfinite(piece.end)) {
                return new RateProfile(pieces);
            }
            due = piece.dueAtEnd();
            start = piece.end;
        }
        pieces.add(new Piece(start, Double.POSITIVE_INFINITY,
                RateSegment.constant(segments.get(segments.size() - 1).finalRate(), null), due));
        return new RateProfile(pieces);
    }

    /** A run's profile as it stands: its spec's segments with its controls applied in the order they happened. */
    public static RateProfile of(List<RateSegment> segments, List<RunStore.Control> controls) {
        RateProfile profile = of(segments);
        for (RunStore.Control control : controls) {
            profile = RunStore.Control.PAUSE.equals(control.kind())
                    ? profile.pausedBetween(control.at(), control.value())
                    : profile.changedAt(control.at(), control.value());
        }
        return profile;
    }

    public static RateProfile constant(double perSecond) {
        return of(List.of(RateSegment.constant(perSecond, null)));
    }

    /** The rate asked at time t. */
    public double rateAt(double t) {
        return pieceAt(t).rateAt(t);
    }

    /** Orders due between the run's start and time t. */
    public double cumulative(double t) {
        if (t <= 0) {
            return 0;
        }
        return pieceAt(t).due(t);
    }

    /** The time at which {@code due} orders are due; infinite if the rate never gets there. */
    public double timeOf(double due) {
        if (due <= 0) {
            return 0;
        }
        int index = firstAbove(dueAtEnds, due);
        return index < pieces.size() ? pieces.get(index).timeOf(due) : Double.POSITIVE_INFINITY;
    }

    /** The same profile up to time t, then a constant {@code perSecond}: a live rate change. */
    public RateProfile changedAt(double t, double perSecond) {
        double at = Math.max(0, t);
        List<Piece> kept = new ArrayList<>();
        for (Piece piece : pieces) {
            if (piece.start >= at) {
                break;
            }
            kept.add(new Piece(piece.start, Math.min(piece.end, at), piece.segment, piece.offset, piece.dueAtStart));
        }
        kept.add(new Piece(at, Double.POSITIVE_INFINITY, RateSegment.constant(perSecond, null), cumulative(at)));
        return new RateProfile(kept);
    }

    /**
     * The same profile with nothing due from {@code pausedAt} to {@code resumedAt}: what was left
     * of it at the pause resumes, unchanged, at {@code resumedAt}.
     */
    public RateProfile pausedBetween(double pausedAt, double resumedAt) {
        double from = Math.max(0, pausedAt);
        double gap = Math.max(0, resumedAt - from);
        double dueAtPause = cumulative(from);
        Piece pause = new Piece(from, from + gap, RateSegment.constant(0, gap > 0 ? gap : null), dueAtPause);
        List<Piece> shifted = new ArrayList<>();
        for (Piece piece : pieces) {
            if (piece.end <= from) {
                shifted.add(piece);
            } else if (piece.start < from) {
                shifted.add(new Piece(piece.start, from, piece.segment, piece.offset, piece.dueAtStart));
                shifted.add(pause);
                shifted.add(new Piece(from + gap, piece.end + gap, piece.segment, piece.offset + from - piece.start, dueAtPause));
            } else {
                if (!shifted.contains(pause)) {
                    shifted.add(pause); // the pause falls on a boundary between pieces
                }
                shifted.add(new Piece(piece.start + gap, piece.end + gap, piece.segment, piece.offset, piece.dueAtStart));
            }
        }
        shifted.removeIf(piece -> !(piece.end > piece.start));
        return new RateProfile(shifted);
    }

    private Piece pieceAt(double t) {
        return pieces.get(Math.min(firstAbove(ends, t), pieces.size() - 1));
    }

    /** The first index whose value is above {@code x} in a non-decreasing array; its length if none. */
    private static int firstAbove(double[] values, double x) {
        int low = 0;
        int high = values.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (values[middle] > x) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low;
    }
}
