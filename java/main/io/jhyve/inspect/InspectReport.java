package io.jhyve.inspect;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.List;

/**
 * Everything {@code jhyve inspect} found: the kernel, the initrd (null without -i), how they fit
 * in RAM, the command line, and each launcher's verdict (jhyve's first). Renders as text for
 * people and as JSON for scripts; both carry the same facts.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InspectReport(KernelReport kernel, InitrdReport initrd, MemoryFit memory, CmdlineReport cmdline,
                            List<LauncherVerdict> launchers) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public InspectReport {
        launchers = List.copyOf(launchers);
    }

    /** jhyve's own verdict. */
    @JsonIgnore
    public LauncherVerdict jhyve() {
        return launchers.get(0);
    }

    /** Whether {@code jhyve run} would boot this kernel with this initrd, RAM and command line. */
    @JsonProperty("jhyveBoots")
    public boolean jhyveBoots() {
        return jhyve().boots();
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("inspect report is not serialisable: " + e.getMessage(), e);
        }
    }

    public String toText() {
        return TextReport.render(this);
    }
}
