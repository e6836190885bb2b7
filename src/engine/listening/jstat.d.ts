// jstat ships no types; this declares the little the listening statistics use.
declare module 'jstat' {
  interface JStat {
    studentt: {
      inv(p: number, dof: number): number;
      cdf(x: number, dof: number): number;
    };
    jStat?: JStat;
  }
  const jStat: JStat;
  export default jStat;
}
