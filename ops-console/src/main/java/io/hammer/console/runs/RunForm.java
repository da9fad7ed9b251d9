package io.hammer.console.runs;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hammer.engine.api.ErrorMessages;
import io.hammer.engine.run.InvalidRunException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The new-run form, as typed: every field a string, so that a value that is not a number is reported
 * by name rather than lost in binding. {@link #toSpec} makes the run spec the REST API would take, as
 * JSON, which the engine then checks as it checks the API's (the run spec's schema, then the spec's
 * rules); empty fields take the spec's defaults.
 */
public class RunForm {
    private String runId = "";
    private String orders = "5000";
    private String duration = "";
    private String seed = "";
    private String symbols = "";
    private String priceMin = "";
    private String priceMax = "";
    private String quantityMin = "";
    private String quantityMax = "";
    private String dataBytes = "";
    private String rateType = "none";
    private String perSecond = "";
    private String rateFrom = "";
    private String rateTo = "";
    private String rateSteps = "";
    private String rateSeconds = "";
    private String rateJson = "";

    /** @throws InvalidRunException 400 with every problem of the form that makes it no spec at all */
    public JsonNode toSpec(ObjectMapper json) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> spec = new LinkedHashMap<>();
        put(spec, "runId", runId.isBlank() ? null : runId.trim());
        put(spec, "orders", number(problems, "orders", orders, false));
        put(spec, "duration", duration.isBlank() ? null : duration.trim());
        put(spec, "seed", number(problems, "seed", seed, false));
        Map<String, Object> payload = new LinkedHashMap<>();
        if (!symbols.isBlank()) {
            payload.put("symbols", Arrays.stream(symbols.split("[,\\s]+")).filter(s -> !s.isBlank()).toList());
        }
        put(payload, "priceMin", decimal(problems, "price min", priceMin));
        put(payload, "priceMax", decimal(problems, "price max", priceMax));
        put(payload, "quantityMin", number(problems, "quantity min", quantityMin, false));
        put(payload, "quantityMax", number(problems, "quantity max", quantityMax, false));
        put(payload, "dataBytes", number(problems, "data bytes", dataBytes, false));
        if (!payload.isEmpty()) {
            spec.put("payload", payload);
        }
        Object rate = rate(problems, json);
        put(spec, "rate", rate);
        if (!problems.isEmpty()) {
            throw new InvalidRunException(400, String.join("; ", problems));
        }
        return json.valueToTree(spec);
    }

    private Object rate(List<String> problems, ObjectMapper json) {
        if (!rateJson.isBlank()) {
            try {
                return json.readValue(rateJson, new TypeReference<List<Map<String, Object>>>() {
                });
            } catch (Exception e) {
                problems.add("rate profile (JSON) must be a list of segments such as [{\"type\":\"constant\",\"perSecond\":500}]");
                return null;
            }
        }
        Map<String, Object> segment = new LinkedHashMap<>();
        switch (rateType) {
            case "none" -> {
                return null;
            }
            case "constant" -> segment.put("perSecond", decimal(problems, "rate (orders/s)", perSecond, true));
            case "ramp", "steps" -> {
                segment.put("from", decimal(problems, "rate from", rateFrom, true));
                segment.put("to", decimal(problems, "rate to", rateTo, true));
                if ("steps".equals(rateType)) {
                    segment.put("steps", number(problems, "steps", rateSteps, true));
                }
            }
            default -> {
                problems.add("rate type must be none, constant, ramp or steps");
                return null;
            }
        }
        segment.put("type", rateType);
        put(segment, "seconds", decimal(problems, "seconds", rateSeconds, !"constant".equals(rateType)));
        return List.of(segment);
    }

    private static Long number(List<String> problems, String field, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                problems.add(field + " is required");
            }
            return null;
        }
        try {
            return Long.parseLong(value.trim().replace(",", "").replace("_", ""));
        } catch (NumberFormatException e) {
            problems.add(field + " must be a whole number, was '" + value.trim() + "'");
            return null;
        }
    }

    private static Double decimal(List<String> problems, String field, String value) {
        return decimal(problems, field, value, false);
    }

    private static Double decimal(List<String> problems, String field, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                problems.add(field + " is required");
            }
            return null;
        }
        try {
            double number = Double.parseDouble(value.trim().replace(",", ""));
            if (!Double.isFinite(number)) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            problems.add(field + " must be a number, was '" + value.trim() + "'");
            return null;
        }
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    public String getRunId() { return runId; }
    public void setRunId(String runId) { this.runId = nonNull(runId); }
    public String getOrders() { return orders; }
    public void setOrders(String orders) { this.orders = nonNull(orders); }
    public String getDuration() { return duration; }
    public void setDuration(String duration) { this.duration = nonNull(duration); }
    public String getSeed() { return seed; }
    public void setSeed(String seed) { this.seed = nonNull(seed); }
    public String getSymbols() { return symbols; }
    public void setSymbols(String symbols) { this.symbols = nonNull(symbols); }
    public String getPriceMin() { return priceMin; }
    public void setPriceMin(String priceMin) { this.priceMin = nonNull(priceMin); }
    public String getPriceMax() { return priceMax; }
    public void setPriceMax(String priceMax) { this.priceMax = nonNull(priceMax); }
    public String getQuantityMin() { return quantityMin; }
    public void setQuantityMin(String quantityMin) { this.quantityMin = nonNull(quantityMin); }
    public String getQuantityMax() { return quantityMax; }
    public void setQuantityMax(String quantityMax) { this.quantityMax = nonNull(quantityMax); }
    public String getDataBytes() { return dataBytes; }
    public void setDataBytes(String dataBytes) { this.dataBytes = nonNull(dataBytes); }
    public String getRateType() { return rateType; }
    public void setRateType(String rateType) { this.rateType = nonNull(rateType); }
    public String getPerSecond() { return perSecond; }
    public void setPerSecond(String perSecond) { this.perSecond = nonNull(perSecond); }
    public String getRateFrom() { return rateFrom; }
    public void setRateFrom(String rateFrom) { this.rateFrom = nonNull(rateFrom); }
    public String getRateTo() { return rateTo; }
    public void setRateTo(String rateTo) { this.rateTo = nonNull(rateTo); }
    public String getRateSteps() { return rateSteps; }
    public void setRateSteps(String rateSteps) { this.rateSteps = nonNull(rateSteps); }
    public String getRateSeconds() { return rateSeconds; }
    public void setRateSeconds(String rateSeconds) { this.rateSeconds = nonNull(rateSeconds); }
    public String getRateJson() { return rateJson; }
    public void setRateJson(String rateJson) { this.rateJson = nonNull(rateJson); }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
