package dev.slicewise.functions.template;

import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads a CloudFormation/SAM YAML template; short-form intrinsics ({@code !Ref x}) become their long form ({@code {Ref: x}}). */
public final class CfnYaml {
    private static final List<String> FUNCTIONS = List.of("GetAtt", "Sub", "Join", "If", "Not", "Equals", "And", "Or", "Select",
            "Split", "FindInMap", "ImportValue", "Base64", "GetAZs", "Cidr", "ToJsonString", "Length");

    private CfnYaml() {}

    @SuppressWarnings("unchecked")
    public static Map<String, Object> load(String text) {
        return (Map<String, Object>) new Yaml(new Constructor()).load(text);
    }

    private static final class Constructor extends SafeConstructor {
        Constructor() {
            super(new LoaderOptions());
            yamlConstructors.put(new Tag("!Ref"), new Intrinsic("Ref"));
            yamlConstructors.put(new Tag("!Condition"), new Intrinsic("Condition"));
            for (String f : FUNCTIONS) yamlConstructors.put(new Tag("!" + f), new Intrinsic("Fn::" + f));
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String key;

            Intrinsic(String key) {
                this.key = key;
            }

            @Override
            public Object construct(Node node) {
                Object v;
                if (node instanceof ScalarNode s) {
                    v = constructScalar(s);
                    if (key.equals("Fn::GetAtt")) v = List.of(((String) v).split("\\.", 2));
                } else if (node instanceof SequenceNode q) {
                    v = constructSequence(q);
                } else {
                    v = constructMapping((MappingNode) node);
                }
                return Map.of(key, v);
            }
        }
    }
}
