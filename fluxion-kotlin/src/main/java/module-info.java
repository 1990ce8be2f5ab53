/** Kotlin extensions over Fluxion's Java API: number-first operators, pow, bindings, destructuring. */
module dev.fluxion.kotlin {
  requires transitive dev.fluxion.nn;
  requires transitive kotlin.stdlib;

  exports dev.fluxion.kotlin;
}
