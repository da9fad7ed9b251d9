package io.hammer.engine.pace;

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

    private record Piece(double start, double end, RateSegment segment, double dueAtStart) {
        double dueAtEnd() {
            return Double.isInfinite(end) ? Double.POSITIVE_INFINITY : dueAtStart + segment.count(end - start);
        }
    }

    private RateProfile(List<Piece> pieces) {
        this.pieces = List.copyOf(pieces);
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

    public static RateProfile constant(double perSecond) {
        return of(List.of(RateSegment.constant(perSecond, null)));
    }

    /** The rate asked at time t. */
    public double rateAt(double t) {
        Piece piece = pieceAt(t);
        return piece.segment.rateAt(t - piece.start);
    }

    /** Orders due between the run's start and time t. */
    public double cumulative(double t) {
        if (t <= 0) {
            return 0;
        }
        Piece piece = pieceAt(t);
        return piece.dueAtStart + piece.segment.count(t - piece.start);
    }

    /** The time at which {@code due} orders are due; infinite if the rate never gets there. */
    public double timeOf(double due) {
        if (due <= 0) {
            return 0;
        }
        for (Piece piece : pieces) {
            if (due < piece.dueAtEnd()) {
                return piece.start + piece.segment.timeOf(due - piece.dueAtStart);
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /** The same profile up to time t, then a constant {@code perSecond}: a live rate change. */
    public RateProfile changedAt(double t, double perSecond) {
        double at = Math.max(0, t);
        List<Piece> kept = new ArrayList<>();
        for (Piece piece : pieces) {
            if (piece.start >= at) {
                break;
            }
            kept.add(new Piece(piece.start, Math.min(piece.end, at), piece.segment, piece.dueAtStart));
        }
        kept.add(new Piece(at, Double.POSITIVE_INFINITY, RateSegment.constant(perSecond, null), cumulative(at)));
        return new RateProfile(kept);
    }

    private Piece pieceAt(double t) {
        for (Piece piece : pieces) {
            if (t < piece.end) {
                return piece;
            }
        }
        return pieces.get(pieces.size() - 1);
    }
}
