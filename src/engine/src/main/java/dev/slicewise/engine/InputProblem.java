package dev.slicewise.engine;

/** A piece of input the engine could not use, named precisely; the rest of the fleet is still analysed. */
public record InputProblem(String item, String message) {
    @Override
    public String toString() {
        return item + ": " + message;
    }
}
