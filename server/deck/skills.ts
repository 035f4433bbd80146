/**
 * Skill tags: the one list of skills a question may name in `skills:` (issue 12),
 * each belonging to an exam task statement, and the reader that checks them.
 * The list follows the MLA-C01 Domain 3 items the built-in deck must cover;
 * add a tag here (and to docs/content.md) before using it in a deck.
 */
import { describe, type Raw } from './fields.js';
import type { Scope } from './issues.js';

export interface SkillTag {
  /** Task statement the skill belongs to, e.g. "3.2". */
  task: string;
  title: string;
}

export const SKILLS: Readonly<Record<string, SkillTag>> = {
  'sdk-deploy': { task: '3.2', title: 'SageMaker Python SDK: Model, deploy(), Predictor, serverless and async configs' },
  'endpoint-vpc': { task: '3.2', title: 'Endpoints in a VPC: subnets, security groups, network isolation, runtime VPC endpoint' },
  'lambda-inference': { task: '3.1', title: 'Lambda as a deployment target or in front of an endpoint' },
  'inference-components': { task: '3.1', title: 'Inference components on a real-time endpoint' },
  'compute-networking': { task: '3.1', title: 'Choosing compute by networking bandwidth' },
  'multi-model': { task: '3.1', title: 'Multi-model endpoints' },
  'scaling-metric': { task: '3.2', title: 'Choosing the scaling metric (invocations per instance, CPU, latency)' },
  'scaling-policies': { task: '3.2', title: 'Scaling policies: target tracking, step, scheduled, scale to zero' },
  'stack-sharing': { task: '3.2', title: 'Sharing values between stacks: SSM parameters, nested stacks, CDK references' },
  'iac-sagemaker': { task: '3.2', title: 'CloudFormation and CDK for SageMaker AI resources' },
  codebuild: { task: '3.3', title: 'CodeBuild: buildspec, privileged mode for Docker builds, caching' },
  codedeploy: { task: '3.3', title: 'CodeDeploy: blue/green, traffic shifting, rollback' },
  'branching-strategy': { task: '3.3', title: 'Gitflow versus GitHub Flow' },
  'pipeline-tests': { task: '3.3', title: 'Automated tests in a pipeline: unit, integration, end-to-end, quality gates' },
  'pipelines-steps': { task: '3.3', title: 'SageMaker Pipelines steps: Condition, QualityCheck/ClarifyCheck, Callback, Lambda, Fail' },
  'registry-approval': { task: '3.3', title: 'Model registry approval status driving deployment' },
};

/**
 * Reads `skills` (a list of known skill tags). Unknown or repeated tags are
 * errors; a tag of another task than the question's is a warning.
 */
export function readSkills(scope: Scope, raw: Raw): string[] | undefined {
  const value = raw.skills;
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    scope.error(['skills'], `"skills" must be a list of skill tags, e.g. skills: [scaling-metric], found ${describe(value)}`);
    return undefined;
  }
  if (value.length === 0) {
    scope.error(['skills'], `"skills" is empty: name at least one skill tag or remove the field`);
    return undefined;
  }
  const skills: string[] = [];
  const at = new Map<string, number>();
  value.forEach((item, i) => {
    const tag = typeof item === 'string' ? item.trim() : undefined;
    if (tag === undefined || !(tag in SKILLS)) {
      scope.error(['skills', i], `unknown skill ${describe(item)}: use one of ${Object.keys(SKILLS).join(', ')} (the list is in server/deck/skills.ts)`);
    } else if (at.has(tag)) {
      scope.error(['skills', i], `skill "${tag}" is listed twice: name each skill once`);
    } else {
      skills.push(tag);
      at.set(tag, i);
    }
  });
  const task = typeof raw.task === 'string' ? raw.task.trim() : undefined;
  for (const tag of skills) {
    const owner = SKILLS[tag].task;
    if (task === undefined) {
      scope.warn(['skills', at.get(tag) ?? 0], `skill "${tag}" belongs to task ${owner}: set task: "${owner}" on this question`);
    } else if (task !== owner) {
      scope.warn(['skills', at.get(tag) ?? 0], `skill "${tag}" belongs to task ${owner}, but the question's task is ${task}: fix the task or the skill`);
    }
  }
  return skills.length ? skills : undefined;
}
