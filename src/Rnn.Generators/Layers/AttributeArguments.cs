using System;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Rnn.Generators.Layers
{
    /// <summary>
    /// Reads one attribute's constructor arguments (by parameter name) and named properties for a descriptor's decoder.
    /// A value of the wrong type (a half-typed or erroneous argument) clears <see cref="IsValid"/> instead of throwing.
    /// Used only while parsing; nothing here is kept in the pipeline models.
    /// </summary>
    internal sealed class AttributeArguments
    {
        private readonly AttributeData _attribute;

        public AttributeArguments(AttributeData attribute) => _attribute = attribute;

        /// <summary>False once any argument read had an unexpected type.</summary>
        public bool IsValid { get; private set; } = true;

        /// <summary>True when the attribute's constructor has a parameter named <paramref name="parameter"/>.</summary>
        public bool HasParameter(string parameter) => IndexOf(parameter) >= 0;

        /// <summary>The int passed for the constructor parameter <paramref name="parameter"/> (defaults included).</summary>
        public int Int(string parameter) => Read<int>(Constructor(parameter), 0);

        /// <summary>The double passed for the constructor parameter <paramref name="parameter"/> (defaults included).</summary>
        public double Double(string parameter) => Read<double>(Constructor(parameter), 0.0);

        /// <summary>The enum value passed for <paramref name="parameter"/>, kept even when it names no member (a diagnostic tells).</summary>
        public TEnum Enum<TEnum>(string parameter) where TEnum : struct, Enum =>
            (TEnum)System.Enum.ToObject(typeof(TEnum), Read<int>(Constructor(parameter), 0));

        /// <summary>The named property <paramref name="property"/>, or <paramref name="defaultValue"/> when it is not set.</summary>
        public T Named<T>(string property, T defaultValue)
        {
            foreach (var named in _attribute.NamedArguments)
            {
                if (named.Key == property) return Read(named.Value.Value, defaultValue);
            }
            return defaultValue;
        }

        /// <summary>True when the named property <paramref name="property"/> is written in the attribute.</summary>
        public bool IsSet(string property) => _attribute.NamedArguments.Any(a => a.Key == property);

        /// <summary>The named enum property <paramref name="property"/>, or <paramref name="defaultValue"/>.</summary>
        public TEnum NamedEnum<TEnum>(string property, TEnum defaultValue) where TEnum : struct, Enum =>
            (TEnum)System.Enum.ToObject(typeof(TEnum), Named(property, Convert.ToInt32(defaultValue, System.Globalization.CultureInfo.InvariantCulture)));

        private object? Constructor(string parameter)
        {
            int index = IndexOf(parameter);
            if (index < 0 || index >= _attribute.ConstructorArguments.Length)
            {
                IsValid = false;
                return null;
            }
            return _attribute.ConstructorArguments[index].Value;
        }

        private int IndexOf(string parameter)
        {
            var parameters = _attribute.AttributeConstructor?.Parameters ?? default;
            if (parameters.IsDefault) return -1;
            var match = parameters.FirstOrDefault(p => p.Name == parameter);
            return match is null ? -1 : match.Ordinal;
        }

        private T Read<T>(object? value, T fallback)
        {
            if (value is T typed) return typed;
            IsValid = false;
            return fallback;
        }
    }
}
